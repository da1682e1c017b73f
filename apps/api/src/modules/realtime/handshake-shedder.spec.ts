import { HandshakeShedder } from './handshake-shedder';

describe('HandshakeShedder', () => {
  it('admits while under both limits, then refuses with a jittered retry-after that grows with pressure', () => {
    let r = 0.5;
    const shed = new HandshakeShedder(2, 200, () => r);
    expect(shed.retryAfterMs()).toBe(0);
    shed.begin();
    expect(shed.retryAfterMs()).toBe(0);
    shed.begin();
    expect(shed.retryAfterMs()).toBe(1000); // pressure 1: base 1000, [500, 1500)
    r = 0;
    expect(shed.retryAfterMs()).toBe(500);
    shed.begin();
    shed.begin(); // pressure 2
    expect(shed.retryAfterMs()).toBe(1000);
    for (let i = 0; i < 4; i++) shed.end();
    expect(shed.retryAfterMs()).toBe(0);
    shed.end(); // never below zero
    expect(shed.state.inFlight).toBe(0);
  });

  it('refuses while the event loop runs late', () => {
    const shed = new HandshakeShedder(100, 200, () => 0.99);
    shed.setLagForTest(199);
    expect(shed.retryAfterMs()).toBe(0);
    shed.setLagForTest(400);
    expect(shed.retryAfterMs()).toBeGreaterThanOrEqual(1000);
    expect(shed.retryAfterMs()).toBeLessThan(3000);
  });
});
