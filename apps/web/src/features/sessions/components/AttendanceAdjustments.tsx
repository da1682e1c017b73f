import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PROFESSION_LABELS, type AttendanceEntryDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { formatDateTime } from '../../../lib/time';
import { Button, RadioGroupField, SelectField, TextAreaField, TextInput } from '../../../components/ui/controls';
import { ErrorNote, Loading } from '../../../components/ui/feedback';
import { adjustAttendance, attendanceRoster } from '../api/sessions.api';

const fmt = (m: number) => `${Math.round(m * 10) / 10} min`;

function Credited({ e }: { e: AttendanceEntryDto }) {
  if (!e.adjustment) return <>{fmt(e.minutes)}</>;
  return (
    <>
      <strong>{e.adjustment.present ? fmt(e.minutes) : 'Absent'}</strong>
      <br />
      <span className="row-meta">
        Adjusted by {e.adjustment.byName}, {formatDateTime(e.adjustment.at)}: {e.adjustment.reason}
      </span>
    </>
  );
}

/**
 * The facilitator's attendance after the session: what the room recorded and
 * what is credited, and a form to mark someone present (with minutes) or absent with a reason.
 * The reason is checked for identifiers by the server, audited, and kept in the CSV export; the
 * certificates follow the credited minutes.
 */
export function AttendanceAdjustments({ sessionId }: { sessionId: string }) {
  const qc = useQueryClient();
  const key = ['sessions', 'attendance', sessionId];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => attendanceRoster(sessionId, signal) });
  const [userId, setUserId] = useState<string | null>(null);
  const [present, setPresent] = useState<string | null>('present');
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: () =>
      adjustAttendance(sessionId, userId ?? '', {
        present: present === 'present',
        ...(present === 'present' && minutes.trim() ? { minutes: Number(minutes) } : {}),
        reason: reason.trim(),
      }),
    onSuccess: (e) => {
      void qc.invalidateQueries({ queryKey: key });
      announce(`Attendance of ${e.displayName} adjusted.`);
      setReason('');
      setMinutes('');
    },
  });
  const submit = () => {
    const found: Record<string, string> = {};
    if (!userId) found.userId = 'Choose the person.';
    if (present === 'present' && minutes.trim() && !(Number(minutes) >= 0 && Number(minutes) <= 1440))
      found.minutes = 'Minutes between 0 and 1440.';
    if (reason.trim().length < 3) found.reason = 'Say why attendance is adjusted.';
    setIssues(found);
    if (!Object.keys(found).length) m.mutate();
  };
  return (
    <section className="panel attendance-adjustments" aria-labelledby="attendance-title">
      <h2 id="attendance-title">Attendance</h2>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : (
        <>
          <div className="table-scroll" tabIndex={0} role="group" aria-label="Attendance table">
            <table className="attendance-table">
              <caption className="visually-hidden">Attendance: recorded and credited minutes per person</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Credited</th>
                </tr>
              </thead>
              <tbody>
                {q.data.map((e) => (
                  <tr key={e.userId}>
                    <th scope="row">
                      {e.displayName} <span className="row-meta">· {PROFESSION_LABELS[e.profession] ?? e.profession}</span>
                    </th>
                    <td>{fmt(e.recordedMinutes)}</td>
                    <td>
                      <Credited e={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Adjust attendance</h3>
          <Form
            validationBehavior="aria"
            className="stack"
            aria-label="Adjust attendance"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <SelectField
              label="Person"
              options={q.data.map((e) => ({ id: e.userId, label: e.displayName }))}
              value={userId}
              onChange={setUserId}
              error={issues.userId}
              placeholder="Choose…"
            />
            <RadioGroupField
              label="Attendance"
              options={[
                { id: 'present', label: 'Present' },
                { id: 'absent', label: 'Absent' },
              ]}
              value={present}
              onChange={setPresent}
            />
            {present === 'present' && (
              <TextInput
                label="Minutes present (optional)"
                type="number"
                value={minutes}
                onChange={setMinutes}
                error={issues.minutes}
                description="Empty keeps the recorded minutes, or the whole session when none were recorded."
              />
            )}
            <TextAreaField
              label="Reason"
              description="Required; kept in the attendance export and the audit log. No patient details."
              value={reason}
              onChange={setReason}
              error={issues.reason}
              rows={2}
              isRequired
            />
            <ErrorNote error={m.error} />
            <Button type="submit" variant="primary" isDisabled={m.isPending}>
              Save adjustment
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}
