/** The clock moved to config/ (tokens and sockets use it too); re-exported for the existing imports. */
export { Clock } from '../../config/clock';
