//! Numeral parsing shared by the extract families: Vietnamese digit numbers
//! ("45.799", "6,61"), spelled-out numbers ("hai mươi lăm") and scale words
//! ("1,5 nghìn tỷ"), all in exact decimal arithmetic.

use super::tables::{NumeralRole, tables};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a number written the Vietnamese way: "." groups thousands and ","
/// is the decimal mark ("1.234.567,8"). A "." not followed by exactly three
/// digits is read as a decimal point ("7.5"). `None` when malformed.
pub fn parse_digits(s: &str) -> Option<Decimal> {
    let s = s.trim();
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let plain = if commas > 1 {
        // "1,000,000": English grouping.
        if dots > 0 {
            return None;
        }
        s.replace(',', "")
    } else if commas == 1 {
        // "1.234,5": dots group, comma is the decimal mark.
        let (int, frac) = s.split_once(',')?;
        if !grouped(int) {
            return None;
        }
        format!("{}.{}", int.replace('.', ""), frac)
    } else if dots == 0 {
        s.to_string()
    } else if grouped(s) && s.split('.').skip(1).all(|g| g.len() == 3) {
        s.replace('.', "")
    } else if dots == 1 {
        s.to_string()
    } else {
        return None;
    };
    if plain.is_empty() || plain.starts_with('.') || plain.ends_with('.') {
        return None;
    }
    Decimal::from_str(&plain).ok()
}

/// Whether `s` is digits, optionally grouped by "." in threes after the first group.
fn grouped(s: &str) -> bool {
    let mut parts = s.split('.');
    let Some(first) = parts.next() else {
        return false;
    };
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return true;
    }
    first.len() <= 3
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// The multiplier of a run of scale words ("nghìn tỷ" = 10^12), `None` if a
/// word is not a scale word.
pub fn scale_of(words: &[&str]) -> Option<Decimal> {
    let t = tables();
    let mut power = 0u32;
    for w in words {
        power += *t.scales.get(&w.to_lowercase())?;
    }
    if power > 24 {
        return None;
    }
    Some(Decimal::from_i128_with_scale(10i128.pow(power), 0))
}

/// Parses spelled-out numeral words ("hai mươi lăm" = 25, "một trăm linh
/// năm" = 105, "ba" = 3); `None` when they do not form one number.
pub fn parse_spelled(words: &[&str]) -> Option<u64> {
    let t = tables();
    let (mut hundreds, mut tens, mut units) = (None::<u64>, None::<u64>, None::<u64>);
    let mut pending: Option<u64> = None;
    let mut zero = false;
    for w in words {
        let (v, role) = *t.numerals.get(&w.to_lowercase())?;
        match role {
            NumeralRole::Digit => {
                if pending.is_some() || units.is_some() {
                    return None;
                }
                if tens.is_some() || zero {
                    units = Some(v);
                } else {
                    pending = Some(v);
                }
            }
            NumeralRole::Hundred => {
                if hundreds.is_some() || tens.is_some() {
                    return None;
                }
                hundreds = Some(pending.take().unwrap_or(1));
            }
            NumeralRole::Ten => {
                if pending.is_some() || tens.is_some() {
                    return None;
                }
                tens = Some(1);
            }
            NumeralRole::Tens => {
                let d = pending.take()?;
                if tens.is_some() || d < 2 {
                    return None;
                }
                tens = Some(d);
            }
            NumeralRole::Zero => {
                if hundreds.is_none() || tens.is_some() || pending.is_some() {
                    return None;
                }
                zero = true;
            }
            NumeralRole::Five | NumeralRole::One | NumeralRole::Four => {
                let t = tens?;
                if units.is_some() || (role != NumeralRole::Five && t < 2) {
                    return None;
                }
                units = Some(v);
            }
        }
    }
    if units.is_none() {
        units = pending;
    } else if pending.is_some() {
        return None;
    }
    if hundreds.is_none() && tens.is_none() && units.is_none() {
        return None;
    }
    Some(hundreds.unwrap_or(0) * 100 + tens.unwrap_or(0) * 10 + units.unwrap_or(0))
}

/// A decimal as a JSON number: an integer when whole, else the f64 nearest
/// the exact decimal string.
pub fn to_json(d: Decimal) -> serde_json::Number {
    let d = d.normalize();
    if d.fract().is_zero()
        && let Ok(i) = i64::try_from(d.trunc().mantissa() / 10i128.pow(d.scale()))
    {
        return serde_json::Number::from(i);
    }
    d.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .unwrap_or_else(|| serde_json::Number::from(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn digits() {
        assert_eq!(parse_digits("45.799"), Some(d("45799")));
        assert_eq!(parse_digits("6,61"), Some(d("6.61")));
        assert_eq!(parse_digits("1.234.567,89"), Some(d("1234567.89")));
        assert_eq!(parse_digits("7.5"), Some(d("7.5")));
        assert_eq!(parse_digits("1.2.3"), None);
        assert_eq!(parse_digits("12,"), None);
    }

    #[test]
    fn spelled() {
        let p = |s: &str| parse_spelled(&s.split(' ').collect::<Vec<_>>());
        assert_eq!(p("ba"), Some(3));
        assert_eq!(p("hai mươi lăm"), Some(25));
        assert_eq!(p("mười lăm"), Some(15));
        assert_eq!(p("hai mươi mốt"), Some(21));
        assert_eq!(p("một trăm linh năm"), Some(105));
        assert_eq!(p("ba trăm"), Some(300));
        assert_eq!(p("mươi"), None);
        assert_eq!(p("hai ba"), None);
        assert_eq!(p("lăm"), None);
    }

    #[test]
    fn json() {
        assert_eq!(to_json(d("6.61") * d("1000000")).to_string(), "6610000");
        assert_eq!(to_json(d("7.24")).to_string(), "7.24");
        assert_eq!(
            to_json(d("45799") * d("1000000000")).to_string(),
            "45799000000000"
        );
    }
}
