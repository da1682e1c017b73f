import { Schema, type Types } from 'mongoose';
import { PROFESSIONS, type Profession } from '@casebridge/contracts';

/**
 * The routing map admins edit: one document, `_id: 'current'`, read by every
 * routing decision (no index beyond `_id`: the only query is by `_id`). Without it the server's
 * configuration applies (ROUTING_MAP or the built-in map).
 */
export const RoutingMapSchema = new Schema(
  {
    _id: { type: String, required: true },
    domains: {
      type: [
        new Schema(
          { domain: { type: Number, required: true, min: 1, max: 8 }, professions: { type: [String], enum: PROFESSIONS, default: [] } },
          { _id: false },
        ),
      ],
      default: [],
    },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
    /** Bumped on every change (a write based on an older version is refused). */
    version: { type: Number, required: true, default: 0 },
  },
  { collection: 'routing_map', versionKey: false },
);

export interface RoutingMapDoc {
  _id: string;
  domains: { domain: number; professions: Profession[] }[];
  updatedAt: Date;
  updatedBy: Types.ObjectId;
  version: number;
}
export const ROUTING_MAP = 'RoutingMap';
