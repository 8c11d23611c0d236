//! Exact numbers as printed in a report.

use std::fmt;

/// A decimal number exactly as the document states it: `mantissa × 10^-scale`.
///
/// Reports print amounts such as `24.1982` 万元; binary floating point would make sums and
/// comparisons of such amounts approximate, so they are kept as scaled integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    /// The digits, sign included, without the decimal point.
    pub mantissa: i64,
    /// How many of the digits follow the decimal point.
    pub scale: u8,
    /// The document wrote an explicit sign (`+1`, `-4`), as 2019 表二's 本年增/减 does.
    pub signed: bool,
}

impl Num {
    /// The whole number `v`, without an explicit sign.
    pub const fn int(v: i64) -> Num {
        Num { mantissa: v, scale: 0, signed: false }
    }

    /// Whether it is written without decimals, as counts are.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// The value in units of `10^-scale` (for exact sums at a common scale); a scale below the
    /// number's own drops the digits it cannot hold (1.5 at scale 0 is 1).
    pub fn scaled_to(&self, scale: u8) -> i128 {
        let m = i128::from(self.mantissa);
        if scale >= self.scale {
            m * 10i128.pow(u32::from(scale - self.scale))
        } else {
            m / 10i128.pow(u32::from(self.scale - scale))
        }
    }

    /// Whether two numbers are the same value, whatever their scales.
    pub fn same_value(&self, other: &Num) -> bool {
        let scale = self.scale.max(other.scale);
        self.scaled_to(scale) == other.scaled_to(scale)
    }

    /// The nearest double, for JSON and spreadsheets: sums and comparisons stay exact
    /// ([`Num::scaled_to`]).
    pub fn to_f64(&self) -> f64 {
        self.mantissa as f64 / 10f64.powi(i32::from(self.scale))
    }

    /// The JSON number: an integer, or the nearest double to the exact decimal.
    pub fn to_json(&self) -> serde_json::Value {
        if self.scale == 0 {
            serde_json::Value::from(self.mantissa)
        } else {
            serde_json::Number::from_f64(self.to_f64())
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null)
        }
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let p = 10i64.pow(u32::from(self.scale));
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let a = self.mantissa.unsigned_abs();
        write!(f, "{sign}{}.{:0width$}", a / p as u64, a % p as u64, width = usize::from(self.scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_at_one_scale() {
        let thirty = Num { mantissa: 300, scale: 1, signed: false };
        assert!(thirty.same_value(&Num::int(30)));
        assert_eq!(thirty.scaled_to(0), 30);
        assert_eq!(Num { mantissa: 15, scale: 1, signed: false }.scaled_to(0), 1);
        assert!(!Num { mantissa: 15, scale: 1, signed: false }.same_value(&Num::int(1)));
    }

    #[test]
    fn decimals_print_as_written() {
        assert_eq!(Num { mantissa: 241982, scale: 4, signed: false }.to_string(), "24.1982");
        assert_eq!(Num { mantissa: -5, scale: 2, signed: true }.to_string(), "-0.05");
        assert_eq!(Num { mantissa: 773028, scale: 2, signed: false }.to_json(), serde_json::json!(7730.28));
        assert_eq!(Num::int(7).to_json(), serde_json::json!(7));
    }
}
