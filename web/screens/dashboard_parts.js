// screens/dashboard_parts.js: the dashboard's panels that come from other
// capabilities, in order: what needs attention first, then the charts.
export const dashboardParts = [];
