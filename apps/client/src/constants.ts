// Installation facts that will come from the server's configuration later.
export const COUNTY_NAME = '清河县';
// The privacy notice version residents agree to when filing; the server stores it with the case.
export const PRIVACY_CONSENT_VERSION = '2026-01';
