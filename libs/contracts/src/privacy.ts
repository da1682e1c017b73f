/** PHI finding types, as in contract.md (HIPAA Safe Harbor categories that occur in text). */
export const PHI_TYPES = [
  'NAME', 'LOCATION', 'DATE', 'AGE', 'PHONE', 'FAX', 'EMAIL', 'SSN', 'MRN', 'HEALTH_PLAN',
  'ACCOUNT', 'LICENSE', 'VEHICLE', 'DEVICE', 'URL', 'IP', 'OTHER_ID',
] as const;
export type PhiType = (typeof PHI_TYPES)[number];

/** One detector hit inside a single text. Offsets are UTF-16 code units, end exclusive. */
export interface PhiSpan {
  start: number;
  end: number;
  type: PhiType;
  /** A safe rewrite, e.g. "90+", "hospital day 3", "the patient's daughter". Never contains the original text. */
  suggestion?: string;
}

/** A finding as the gate reports it: which field, where, what. Never the text itself. */
export interface PhiFinding extends PhiSpan {
  field: string;
}
