export { ALERT_ORIGINS, normalisedAlertSchema, SEVERITIES, type AlertOrigin, type NormalisedAlert, type Severity } from './alert.ts';
