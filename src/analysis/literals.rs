//! Required literals of a regular expression: a small set of strings such that every match
//! contains at least one of them. Finding those strings (one Aho-Corasick pass) tells where
//! matches can be, so an expression is only run around them instead of over the whole text.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The most strings a set may hold; larger sets are not worth screening with.
const MAX_SET: usize = 64;
/// The most characters a class may hold to be spelled out as strings.
const MAX_CLASS: usize = 16;

/// A set of strings (UTF-8 bytes) every match contains one of, or `None` when the expression
/// has no such small set (or could match the empty string).
pub(crate) fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let set = required_in(hir)?;
    let set = minimal(set);
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then_some(set)
}

/// Whether a match of `hir` can contain a line feed.
pub(crate) fn can_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(rep) => rep.max != Some(0) && can_match_newline(&rep.sub),
        HirKind::Capture(cap) => can_match_newline(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(can_match_newline),
    }
}

fn required_in(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir).filter(|set| no_empty(set)),
        HirKind::Capture(cap) => required_in(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required_in(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Alternation(subs) => {
            let mut union = Vec::new();
            for sub in subs {
                union.extend(required_in(sub)?);
                if union.len() > MAX_SET {
                    return None;
                }
            }
            Some(union)
        }
        HirKind::Concat(subs) => {
            let mut candidates: Vec<Vec<Vec<u8>>> = subs.iter().filter_map(required_in).collect();
            // Runs of children whose strings are known exactly, spelled out together: `，，`
            // is far rarer than `，`.
            let mut run: Option<Vec<Vec<u8>>> = None;
            for sub in subs {
                match exact(sub) {
                    Some(set) => {
                        run = match run.take() {
                            None => Some(set),
                            Some(prefix) => product(&prefix, &set).or(Some(set)),
                        };
                        if let Some(run) = &run {
                            if no_empty(run) {
                                candidates.push(run.clone());
                            }
                        }
                    }
                    None => run = None,
                }
            }
            candidates
                .into_iter()
                .map(minimal)
                .min_by(|a, b| cost(a).total_cmp(&cost(b)))
        }
    }
}

/// Every string `hir` can match, when there are few.
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Class(Class::Unicode(class)) => {
            let mut set = Vec::new();
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    if set.len() >= MAX_CLASS {
                        return None;
                    }
                    set.push(c.to_string().into_bytes());
                }
            }
            Some(set)
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut set = Vec::new();
            for range in class.ranges() {
                for b in range.start()..=range.end() {
                    // A lone byte above ASCII is not a string of the text.
                    if set.len() >= MAX_CLASS || !b.is_ascii() {
                        return None;
                    }
                    set.push(vec![b]);
                }
            }
            Some(set)
        }
        HirKind::Capture(cap) => exact(&cap.sub),
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|&max| max <= 3)?;
            let one = exact(&rep.sub)?;
            let mut power = vec![Vec::new()];
            let mut union = Vec::new();
            for n in 0..=max {
                if n >= rep.min {
                    union.extend(power.iter().cloned());
                }
                if n < max {
                    power = product(&power, &one)?;
                }
            }
            (union.len() <= MAX_SET).then_some(union)
        }
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(vec![Vec::new()], |acc, sub| product(&acc, &exact(sub)?)),
        HirKind::Alternation(subs) => {
            let mut union = Vec::new();
            for sub in subs {
                union.extend(exact(sub)?);
            }
            (union.len() <= MAX_SET).then_some(union)
        }
    }
}

fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
            .collect(),
    )
}

fn no_empty(set: &[Vec<u8>]) -> bool {
    set.iter().all(|s| !s.is_empty())
}

/// Drop strings that contain another string of the set: finding the shorter one suffices.
fn minimal(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort_by_key(Vec::len);
    set.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(set.len());
    for s in set {
        if !kept.iter().any(|k| contains(&s, k)) {
            kept.push(s);
        }
    }
    kept
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// A rough expected number of occurrences per character of Chinese prose: the set with the
/// lowest cost screens best.
fn cost(set: &[Vec<u8>]) -> f64 {
    set.iter()
        .map(|s| {
            String::from_utf8_lossy(s)
                .chars()
                .map(|c| match c {
                    '，' | '。' | '、' | '；' | '：' | '“' | '”' | '（' | '）' => 0.05,
                    '\u{4E00}'..='\u{9FFF}' => 0.01,
                    c if c.is_ascii_alphanumeric() || c == ' ' || c == '\n' => 0.02,
                    c if c.is_ascii() => 0.005,
                    _ => 0.001,
                })
                .product::<f64>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(re: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(re).unwrap();
        required(&hir).map(|set| {
            set.into_iter()
                .map(|s| String::from_utf8(s).unwrap())
                .collect()
        })
    }

    #[test]
    fn picks_the_rarest_required_strings() {
        assert_eq!(
            lits(r"\p{Han}(?P<hit>[,;])\p{Han}"),
            Some(vec![",".into(), ";".into()])
        );
        assert_eq!(lits(r"[\p{Han}）]。(?P<hit>。)"), Some(vec!["。。".into()]));
        assert_eq!(lits(r"(?:^|x)(?P<hit>某{2,})"), Some(vec!["某".into()]));
        assert_eq!(lits(r"a|b"), Some(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn no_set_when_a_match_needs_none() {
        assert_eq!(lits(r"\p{Han}{2}"), None);
        assert_eq!(lits(r"a|\p{Han}"), None);
        assert_eq!(lits(r"x*"), None);
        assert_eq!(lits(r"^"), None);
    }

    #[test]
    fn newlines_in_matches() {
        let nl = |re: &str| can_match_newline(&regex_syntax::parse(re).unwrap());
        assert!(nl(r"a\s"));
        assert!(nl(r"[^x]"));
        assert!(!nl(r"(?m)^[^\n]*$"));
        assert!(!nl(r"a\r?"));
    }
}
