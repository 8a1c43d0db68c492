//! Finding a Java runtime able to run the brokers: `$JAVA_HOME/bin/java`, else `java` on the PATH; 17 or newer.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::provision::local::error::LocalError;

/// Kafka 4 brokers need Java 17.
pub const MINIMUM_MAJOR: u32 = 17;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Java {
    pub path: PathBuf,
    pub version: String,
}

pub fn find() -> miette::Result<Java> {
    let candidate = match std::env::var_os("JAVA_HOME").filter(|v| !v.is_empty()) {
        Some(home) => {
            let path = Path::new(&home).join("bin").join("java");
            if !path.is_file() {
                return Err(LocalError::JavaHomeWithoutJava {
                    home: Path::new(&home).display().to_string(),
                }
                .into());
            }
            path
        }
        None => on_path("java").ok_or(LocalError::NoJava)?,
    };
    let output = Command::new(&candidate)
        .arg("-version")
        .output()
        .map_err(|e| LocalError::JavaUnusable {
            java: candidate.display().to_string(),
            reason: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
    let version = parse_version(&text).ok_or_else(|| LocalError::JavaVersionUnknown {
        java: candidate.display().to_string(),
        output: text.lines().next().unwrap_or("").to_string(),
    })?;
    if major(&version) < MINIMUM_MAJOR {
        return Err(LocalError::JavaTooOld {
            minimum: MINIMUM_MAJOR,
            java: candidate.display().to_string(),
            version: version.to_string(),
        }
        .into());
    }
    Ok(Java {
        path: candidate,
        version,
    })
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// `openjdk version "17.0.15" 2025-04-15` → `17.0.15`.
fn parse_version(text: &str) -> Option<String> {
    let line = text.lines().find(|l| l.contains(" version \""))?;
    let start = line.find('"')? + 1;
    let end = start + line[start..].find('"')?;
    Some(line[start..end].to_string())
}

/// `1.8.0_392` → 8, `17.0.15` → 17, `21` → 21.
fn major(version: &str) -> u32 {
    let mut parts = version.split(['.', '_', '-', '+']);
    let first: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    if first == 1 {
        parts.next().and_then(|p| p.parse().ok()).unwrap_or(0)
    } else {
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_of_several_vendors() {
        let v = parse_version("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime Environment").unwrap();
        assert_eq!((v.as_str(), major(&v)), ("17.0.15", 17));
        let v = parse_version("java version \"1.8.0_392\"\nJava(TM) SE Runtime").unwrap();
        assert_eq!(major(&v), 8);
        let v = parse_version("openjdk version \"21\" 2023-09-19").unwrap();
        assert_eq!(major(&v), 21);
        assert_eq!(parse_version("command not found"), None);
    }
}
