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
    Decimal::from_str(&plain_digits(s)?).ok()
}

/// The plain form ("1234.5") of a Vietnamese digit number, `None` when
/// malformed.
fn plain_digits(s: &str) -> Option<String> {
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
    Some(plain)
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
        power += *t.scales.get(&crate::chars::lowercase(w))?;
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
    // "không" waits for its "trăm".
    let mut nought = false;
    for w in words {
        let (v, role) = *t.numerals.get(&crate::chars::lowercase(w))?;
        if nought && role != NumeralRole::Hundred {
            return None;
        }
        match role {
            NumeralRole::Nought => {
                if pending.is_some() || hundreds.is_some() || tens.is_some() || units.is_some() {
                    return None;
                }
                nought = true;
                pending = Some(0);
            }
            NumeralRole::Dozen => {
                let d = pending.take()?;
                if tens.is_some() || d == 0 {
                    return None;
                }
                tens = Some(d);
            }
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
                nought = false;
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
                if units.is_some() || (role == NumeralRole::One && t < 2) {
                    return None;
                }
                units = Some(v);
            }
        }
    }
    if nought {
        return None;
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

/// The most significant digits an exact value may have: beyond it a
/// number is not a figure (a 10,000-digit number is no quantity).
pub const MAX_DIGITS: usize = 60;

/// The most digits of an exact value's integer part: 10^24 is beyond any
/// amount an article reports (a world's GDP in đồng has 19 digits), so a
/// larger value is a typo or garbage, no figure.
pub const MAX_INT_DIGITS: usize = 24;

/// An exact decimal of up to [`MAX_DIGITS`] digits (integer part up to
/// [`MAX_INT_DIGITS`]): figure values never go through `f64`. Values that
/// fit `Decimal` (28 digits) are kept inline, without a heap allocation;
/// longer ones as their digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exact(Repr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    /// Normalized (no trailing fraction zeros).
    Small(Decimal),
    Big(Box<Big>),
}

/// 10^`MAX_INT_DIGITS`: the first integer too large.
fn int_limit() -> Decimal {
    Decimal::from_i128_with_scale(10i128.pow(MAX_INT_DIGITS as u32), 0)
}

impl Exact {
    /// Zero.
    pub fn zero() -> Self {
        Exact(Repr::Small(Decimal::ZERO))
    }

    /// An integer; `None` when it has more than [`MAX_INT_DIGITS`] digits.
    pub fn from_u128(v: u128) -> Option<Self> {
        Self::from_big(Big::from_u128(v))
    }

    fn small(d: Decimal) -> Option<Self> {
        (d.abs() < int_limit()).then(|| Exact(Repr::Small(d.normalize())))
    }

    /// The compact form of `b` when it fits `Decimal`.
    fn from_big(b: Big) -> Option<Self> {
        if b.digits.len() <= 28 {
            let d = Decimal::from_str(&b.to_string()).ok()?;
            return Self::small(d);
        }
        Some(Exact(Repr::Big(Box::new(b))))
    }

    fn to_big(&self) -> Option<Big> {
        match &self.0 {
            Repr::Small(d) => {
                let b = Big::from_plain(&d.abs().to_string())?;
                Some(b.with_sign(d.is_sign_negative()))
            }
            Repr::Big(b) => Some((**b).clone()),
        }
    }

    /// From plain ASCII digits with an optional "." decimal point
    /// ("1234.5"); `None` when malformed or too long.
    pub fn from_plain(s: &str) -> Option<Self> {
        if s.len() <= 28 {
            let (int, frac) = s.split_once('.').unwrap_or((s, ""));
            let ok = !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(s.contains('.') && frac.is_empty());
            return if ok {
                Self::small(Decimal::from_str(s).ok()?)
            } else {
                None
            };
        }
        Self::from_big(Big::from_plain(s)?)
    }

    /// Times 10^`power`; `None` when the result is too long.
    pub fn times_pow10(&self, power: u32) -> Option<Self> {
        // Exact integer arithmetic on the mantissa: `Decimal`'s own
        // multiplication may round instead of failing.
        if let Repr::Small(d) = &self.0 {
            let scale = d.scale();
            let x = if scale >= power {
                Decimal::try_from_i128_with_scale(d.mantissa(), scale - power).ok()
            } else {
                10i128
                    .checked_pow(power - scale)
                    .and_then(|f| d.mantissa().checked_mul(f))
                    .and_then(|m| Decimal::try_from_i128_with_scale(m, 0).ok())
            };
            if let Some(x) = x {
                return Self::small(x);
            }
        }
        Self::from_big(self.to_big()?.times_pow10(power)?)
    }

    /// The sum of two non-negative values; `None` when either is negative
    /// or the sum is too long.
    pub fn add(&self, other: &Exact) -> Option<Self> {
        if self.is_negative() || other.is_negative() {
            return None;
        }
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            let scale = a.scale().max(b.scale());
            let at = |d: &Decimal| {
                10i128
                    .checked_pow(scale - d.scale())
                    .and_then(|f| d.mantissa().checked_mul(f))
            };
            if let Some(m) = at(a).zip(at(b)).and_then(|(x, y)| x.checked_add(y))
                && let Ok(x) = Decimal::try_from_i128_with_scale(m, scale)
            {
                return Self::small(x);
            }
        }
        Self::from_big(self.to_big()?.add(&other.to_big()?)?)
    }

    /// The value with its sign flipped when `negative`.
    pub fn with_sign(self, negative: bool) -> Self {
        match self.0 {
            Repr::Small(mut d) => {
                d.set_sign_negative(negative && !d.is_zero());
                Exact(Repr::Small(d))
            }
            Repr::Big(b) => Exact(Repr::Big(Box::new(b.with_sign(negative)))),
        }
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(d) => d.is_zero(),
            Repr::Big(b) => b.is_zero(),
        }
    }

    /// Whether the value is negative.
    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(d) => d.is_sign_negative() && !d.is_zero(),
            Repr::Big(b) => b.negative,
        }
    }
}

impl std::fmt::Display for Exact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Small(d) => write!(f, "{d}"),
            Repr::Big(b) => write!(f, "{b}"),
        }
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Self {
        Self::small(d).unwrap_or_else(Exact::zero)
    }
}

/// The digits of a value too long for `Decimal`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Big {
    negative: bool,
    /// ASCII digits without leading zeros ("0" for zero).
    digits: String,
    /// How many of `digits` are after the decimal point; no trailing zero
    /// among them.
    scale: usize,
}

impl Big {
    /// An integer.
    fn from_u128(v: u128) -> Self {
        Big {
            negative: false,
            digits: v.to_string(),
            scale: 0,
        }
    }

    /// From plain ASCII digits with an optional "." decimal point
    /// ("1234.5"); `None` when malformed or longer than [`MAX_DIGITS`].
    fn from_plain(s: &str) -> Option<Self> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && frac.is_empty())
        {
            return None;
        }
        let mut digits = String::with_capacity(int.len() + frac.len());
        digits.push_str(int);
        digits.push_str(frac);
        Self::build(false, digits, frac.len())
    }

    fn build(negative: bool, mut digits: String, mut scale: usize) -> Option<Self> {
        while scale > 0 && digits.ends_with('0') {
            digits.pop();
            scale -= 1;
        }
        let lead = digits.len() - digits.trim_start_matches('0').len();
        let lead = lead.min(digits.len().saturating_sub(scale + 1));
        digits.drain(..lead);
        if digits.is_empty() {
            digits.push('0');
        }
        if digits.len() > MAX_DIGITS || digits.len() - scale.min(digits.len()) > MAX_INT_DIGITS {
            return None;
        }
        let negative = negative && digits.bytes().any(|b| b != b'0');
        Some(Big {
            negative,
            digits,
            scale,
        })
    }

    /// Times 10^`power`; `None` when the result is too long.
    pub fn times_pow10(&self, power: u32) -> Option<Self> {
        let p = power as usize;
        if p <= self.scale {
            return Self::build(self.negative, self.digits.clone(), self.scale - p);
        }
        let mut digits = self.digits.clone();
        if digits.len() + (p - self.scale) > MAX_DIGITS + 1 {
            return None;
        }
        digits.extend(std::iter::repeat_n('0', p - self.scale));
        Self::build(self.negative, digits, 0)
    }

    /// The sum of two non-negative values; `None` when either is negative
    /// or the sum is too long.
    pub fn add(&self, other: &Big) -> Option<Self> {
        if self.negative || other.negative {
            return None;
        }
        let scale = self.scale.max(other.scale);
        let pad = |e: &Big| -> Vec<u8> {
            let mut v: Vec<u8> = e.digits.bytes().map(|b| b - b'0').collect();
            v.extend(std::iter::repeat_n(0, scale - e.scale));
            v
        };
        let (a, b) = (pad(self), pad(other));
        let n = a.len().max(b.len()) + 1;
        let mut out = vec![0u8; n];
        let mut carry = 0;
        for i in 0..n {
            let x = a.len().checked_sub(i + 1).map_or(0, |k| a[k]);
            let y = b.len().checked_sub(i + 1).map_or(0, |k| b[k]);
            let s = x + y + carry;
            out[n - 1 - i] = s % 10;
            carry = s / 10;
        }
        let digits: String = out.iter().map(|d| char::from(b'0' + d)).collect();
        Self::build(false, digits, scale)
    }

    /// The value with its sign flipped when `negative`.
    pub fn with_sign(mut self, negative: bool) -> Self {
        self.negative = negative && !self.is_zero();
        self
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.bytes().all(|b| b == b'0')
    }
}

impl std::fmt::Display for Big {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        let split = self.digits.len() - self.scale;
        if split == 0 {
            f.write_str("0")?;
        } else {
            f.write_str(&self.digits[..split])?;
        }
        if self.scale > 0 {
            write!(f, ".{}", &self.digits[split..])?;
        }
        Ok(())
    }
}

/// Parses a number written the Vietnamese way, as [`parse_digits`] reads
/// it, into an exact value of any length up to [`MAX_DIGITS`] digits.
pub fn parse_exact(s: &str) -> Option<Exact> {
    Exact::from_plain(&plain_digits(s)?)
}

/// A value as a JSON number: an integer when whole, else its exact decimal
/// digits (serde_json's `arbitrary_precision` keeps them as written).
pub fn to_json(v: impl Into<Exact>) -> serde_json::Number {
    let v: Exact = v.into();
    let s = v.to_string();
    if let Ok(i) = s.parse::<i64>() {
        return serde_json::Number::from(i);
    }
    s.parse::<serde_json::Number>()
        .unwrap_or_else(|_| serde_json::Number::from(0))
}

/// A spelled-out number with a spoken decimal mark of `figure_words.tsv`
/// ("hai phẩy năm" = 2.5, "không phẩy không một" = 0.01, "một phẩy hai ba
/// bốn" = 1.234, "hai phẩy năm triệu" = 2500000) or without one (as
/// [`parse_spelled_scaled`]).
pub fn parse_spelled_decimal(words: &[&str]) -> Option<Exact> {
    let t = tables();
    let lower: Vec<String> = words.iter().map(|w| crate::chars::lowercase(w)).collect();
    let Some(mark) = lower
        .iter()
        .position(|w| t.is(w, super::tables::WordClass::DecimalMark))
    else {
        return Exact::from_u128(parse_spelled_scaled(words)?);
    };
    let int = if lower[..mark] == ["không"] {
        0
    } else {
        parse_spelled_scaled(&words[..mark])?
    };
    let mut frac = &words[mark + 1..];
    let mut power = 0;
    if let Some((last, head)) = frac.split_last()
        && let Some(&p) = t.scales.get(&crate::chars::lowercase(last))
    {
        power = p;
        frac = head;
    }
    if frac.is_empty() {
        return None;
    }
    // Digit by digit ("hai ba bốn"), else one number ("năm mươi").
    let digit = |w: &&str| match t.numerals.get(&crate::chars::lowercase(w)) {
        Some((v, NumeralRole::Digit)) => Some(*v),
        Some((0, NumeralRole::Nought)) => Some(0),
        _ => None,
    };
    let digits: String = match frac.iter().map(digit).collect::<Option<Vec<u64>>>() {
        Some(ds) => ds.iter().map(u64::to_string).collect(),
        None => parse_spelled(frac)?.to_string(),
    };
    Exact::from_plain(&format!("{int}.{digits}"))?.times_pow10(power)
}

/// A spelled-out number with scale words ("hai mươi mốt nghìn không trăm
/// mười một" = 21011, "một nghìn tỷ" = 10^12, "hai chục" = 20): groups below
/// a thousand ([`parse_spelled`]) joined by the scale words of
/// `scales.tsv`. `None` when the words do not form one number.
pub fn parse_spelled_scaled(words: &[&str]) -> Option<u128> {
    let t = tables();
    // Segments already closed by a scale word: (value, power).
    let mut segments: Vec<(u128, u32)> = Vec::new();
    let mut group: Vec<&str> = Vec::new();
    for w in words {
        let lw = crate::chars::lowercase(w);
        if let Some(&power) = t.scales.get(&lw) {
            let mut x = if group.is_empty() {
                if segments.is_empty() {
                    return None;
                }
                0
            } else {
                u128::from(parse_spelled(&group)?)
            };
            group.clear();
            while let Some(&(v, p)) = segments.last() {
                if p >= power {
                    break;
                }
                x = x.checked_add(v)?;
                segments.pop();
            }
            if x == 0 {
                return None;
            }
            let v = x.checked_mul(10u128.checked_pow(power)?)?;
            segments.push((v, power));
        } else {
            group.push(w);
        }
    }
    let mut total = if group.is_empty() {
        0
    } else {
        u128::from(parse_spelled(&group)?)
    };
    if segments.is_empty() && group.is_empty() {
        return None;
    }
    for (v, _) in segments {
        total = total.checked_add(v)?;
    }
    Some(total)
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
        assert_eq!(p("hai chục"), Some(20));
        assert_eq!(p("không trăm mười một"), Some(11));
        assert_eq!(p("mười tư"), Some(14));
        assert_eq!(p("bốn mươi tư"), Some(44));
        assert_eq!(p("không"), None);
        assert_eq!(p("không hai"), None);
    }

    #[test]
    fn spelled_scaled() {
        let p = |s: &str| parse_spelled_scaled(&s.split(' ').collect::<Vec<_>>());
        assert_eq!(p("hai mươi mốt nghìn không trăm mười một"), Some(21011));
        assert_eq!(p("một tỷ"), Some(1_000_000_000));
        assert_eq!(p("một nghìn tỷ"), Some(1_000_000_000_000));
        assert_eq!(p("hai tỷ ba trăm triệu"), Some(2_300_000_000));
        assert_eq!(p("năm trăm nghìn"), Some(500_000));
        assert_eq!(p("tỷ"), None);
        assert_eq!(p("ba"), Some(3));
    }

    #[test]
    fn exact() {
        let e = |s: &str| parse_exact(s).unwrap();
        assert_eq!(
            e("99,99999999999999999999999999").to_string(),
            "99.99999999999999999999999999"
        );
        assert_eq!(e("6,61").times_pow10(6).unwrap().to_string(), "6610000");
        assert_eq!(
            e("566")
                .times_pow10(9)
                .unwrap()
                .add(&e("384").times_pow10(6).unwrap())
                .unwrap()
                .to_string(),
            "566384000000"
        );
        assert_eq!(e("0,5").add(&e("0,5")).unwrap().to_string(), "1");
        assert_eq!(e("007").to_string(), "7");
        assert_eq!(e("0,05").to_string(), "0.05");
        assert_eq!(e("5").with_sign(true).to_string(), "-5");
        assert!(parse_exact(&"9".repeat(10_000)).is_none());
        assert_eq!(
            to_json(e("12345678901234567890123")).to_string(),
            "12345678901234567890123"
        );
        assert_eq!(
            to_json(e("99,99999999999999999999999999")).to_string(),
            "99.99999999999999999999999999"
        );
        assert_eq!(to_json(e("7,50")).to_string(), "7.5");
        // Beyond Decimal's mantissa: no rounding, the long form instead.
        let x = e("1,234567890123456789012345678").times_pow10(9).unwrap();
        assert_eq!(x.to_string(), "1234567890.123456789012345678");
        let y = e("12345678901234567890,5").add(&e("0,123456789")).unwrap();
        assert_eq!(y.to_string(), "12345678901234567890.623456789");
        assert_eq!(
            e("5").times_pow10(23).unwrap().to_string(),
            "500000000000000000000000"
        );
        assert!(e("5").times_pow10(24).is_none());
        assert_eq!(e("0").with_sign(true).to_string(), "0");
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
