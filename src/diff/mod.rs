//! The pure diff: `plan(live, desired, options) -> Plan`. No I/O, no clock; never imports `cluster`.
