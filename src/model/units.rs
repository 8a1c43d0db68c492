//! Sizes, rates and durations as people read them: `310 GiB`, `50 MiB/s`, `1 h 46 m`.

/// `310 GiB`, `4.5 MiB`, `0 B`: binary units, one decimal below 10.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// `1 h 46 m`, `3 m 20 s`, `12 s`.
pub fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) => format!("{m} m {s} s"),
        _ => format!("{h} h {m} m"),
    }
}

/// `50 MiB/s`.
pub fn rate(bytes_per_sec: u64) -> String {
    format!("{}/s", bytes(bytes_per_sec))
}

#[cfg(test)]
mod tests {
    use super::{bytes, duration};

    #[test]
    fn units_read_as_people_write_them() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(4_718_592), "4.5 MiB");
        assert_eq!(bytes(310 * 1024 * 1024 * 1024), "310 GiB");
        assert_eq!(duration(12), "12 s");
        assert_eq!(duration(200), "3 m 20 s");
        assert_eq!(duration(6360), "1 h 46 m");
    }
}
