/** Demo data seeders, registered by the demo module once the features exist. */
export type DemoSeeder = () => Promise<string[]>;
export const DEMO_SEEDERS: DemoSeeder[] = [];
