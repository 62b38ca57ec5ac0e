// Installation facts that will come from the server's configuration later.
export const COUNTY_NAME = '清河县';
