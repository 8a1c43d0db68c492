//! File names for the schema files `import` writes, one per registry subject. Subject names come from the registry
//! and are not trusted: a name is made of `[A-Za-z0-9._-]` only (every other byte, and a leading dot, becomes
//! `_XX` in hex), is at most `MAX_STEM` bytes before its extension, and is unique among the names given —
//! compared without case, for case-insensitive file systems — by a `-2`, `-3`, … suffix in the order given.

use std::collections::BTreeSet;

/// Longest stem kept from a subject name (a suffix and the extension come on top, far below 255 bytes).
pub const MAX_STEM: usize = 120;

/// A safe stem for one subject name (not yet unique).
pub fn stem(subject: &str) -> String {
    let mut out = String::new();
    for (i, b) in subject.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-') || (b == b'.' && i > 0);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02X}"));
        }
    }
    out.truncate(MAX_STEM);
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// `schemas/<name>.<ext>` for each `(subject, ext)`, in the same order, all different.
pub fn schema_files(subjects: &[(&str, &str)]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    subjects
        .iter()
        .map(|(subject, ext)| {
            let stem = stem(subject);
            let name = (1..)
                .map(|n| match n {
                    1 => format!("{stem}.{ext}"),
                    n => format!("{stem}-{n}.{ext}"),
                })
                .find(|name| !taken.contains(&name.to_ascii_lowercase()))
                .unwrap_or_default();
            taken.insert(name.to_ascii_lowercase());
            format!("schemas/{name}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{MAX_STEM, schema_files, stem};

    fn safe(name: &str) -> bool {
        !name.starts_with('.')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    }

    #[test]
    fn hostile_names_stay_in_the_folder() {
        assert_eq!(stem("../../x"), "_2E._2F.._2Fx");
        assert_eq!(stem("/etc/passwd"), "_2Fetc_2Fpasswd");
        assert_eq!(stem(".."), "_2E.");
        assert_eq!(stem(".hidden"), "_2Ehidden");
        assert_eq!(stem(""), "_");
        assert_eq!(stem("a\\b\0c"), "a_5Cb_00c");
        assert_eq!(stem("orders-value"), "orders-value");
        assert_eq!(stem("com.acme.Order_v1"), "com.acme.Order_v1");
        for name in ["../../x", "/etc/passwd", "..", ".", "", "a/../../b", "\n", "ä"] {
            assert!(safe(&stem(name)), "{name:?} -> {}", stem(name));
        }
    }

    #[test]
    fn unicode_is_escaped_byte_by_byte() {
        assert_eq!(stem("zahlungen-ä"), "zahlungen-_C3_A4");
        assert_eq!(stem("注文"), "_E6_B3_A8_E6_96_87");
    }

    #[test]
    fn long_names_are_capped() {
        let long = "x".repeat(1000);
        assert_eq!(stem(&long).len(), MAX_STEM);
        let files = schema_files(&[(&long, "avsc"), (&format!("{long}y"), "avsc")]);
        assert_eq!(files[0], format!("schemas/{}.avsc", "x".repeat(MAX_STEM)));
        assert_eq!(files[1], format!("schemas/{}-2.avsc", "x".repeat(MAX_STEM)));
    }

    #[test]
    fn collisions_get_a_deterministic_suffix() {
        let subjects = [
            ("a/b", "avsc"),
            ("a_2Fb", "avsc"),
            ("a_2Fb-2", "avsc"),
            ("Orders", "json"),
            ("orders", "json"),
            ("orders", "avsc"),
        ];
        let files = schema_files(&subjects);
        assert_eq!(
            files,
            [
                "schemas/a_2Fb.avsc",
                "schemas/a_2Fb-2.avsc",
                "schemas/a_2Fb-2-2.avsc",
                "schemas/Orders.json",
                "schemas/orders-2.json",
                "schemas/orders.avsc",
            ]
        );
        assert_eq!(schema_files(&subjects), files);
    }
}
