//! Exact rational numbers with a fast path for small values.
//!
//! [`Exact`] is a rational number, exactly like [`BigRational`], but a value
//! whose reduced numerator and denominator fit in an `i64` is held as two
//! machine integers and computed on with `i128` intermediates (which cannot
//! overflow for products and sums of two `i64` products). A result that does
//! not fit falls back to [`BigRational`]; a big result that fits again comes
//! back to the small form. The representation is canonical (reduced,
//! positive denominator, small whenever it fits), so equality is structural
//! and comparisons across the two forms are exact. No floating point.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};
use std::cmp::Ordering;

/// An exact rational number (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Exact {
    /// `n / d`, reduced, `d > 0`.
    Small { n: i64, d: i64 },
    /// A value that does not fit the small form.
    Big(BigRational),
}

fn gcd(a: u128, b: u128) -> u128 {
    let (mut a, mut b) = (a, b);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `n / d` for `d != 0`, reduced, in the smallest form that holds it.
fn from_i128(n: i128, d: i128) -> Exact {
    let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
    let (n, d) = if d == 1 {
        (n, d)
    } else {
        let g = gcd(n.unsigned_abs(), d.unsigned_abs()) as i128;
        if g > 1 {
            (n / g, d / g)
        } else {
            (n, d)
        }
    };
    match (i64::try_from(n), i64::try_from(d)) {
        (Ok(n), Ok(d)) => Exact::Small { n, d },
        _ => Exact::Big(BigRational::new_raw(BigInt::from(n), BigInt::from(d))),
    }
}

impl Exact {
    /// The integer `n`.
    pub fn int(n: i64) -> Exact {
        Exact::Small { n, d: 1 }
    }

    /// The integer `n` (unsigned).
    pub fn uint(n: u64) -> Exact {
        match i64::try_from(n) {
            Ok(n) => Exact::int(n),
            Err(_) => Exact::Big(BigRational::from_integer(BigInt::from(n))),
        }
    }

    /// The value of a big rational, small when it fits.
    pub fn from_big(r: &BigRational) -> Exact {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(n), Some(d)) if d > 0 => from_i128(i128::from(n), i128::from(d)),
            _ => Exact::Big(r.clone()),
        }
    }

    /// The integer `n` (big), small when it fits.
    pub fn from_bigint(n: &BigInt) -> Exact {
        match n.to_i64() {
            Some(n) => Exact::int(n),
            None => Exact::Big(BigRational::from_integer(n.clone())),
        }
    }

    fn normal(r: BigRational) -> Exact {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(n), Some(d)) => from_i128(i128::from(n), i128::from(d)),
            _ => Exact::Big(r),
        }
    }

    /// The value as a big rational (for words and rare paths).
    pub fn to_big(&self) -> BigRational {
        match self {
            Exact::Small { n, d } => BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Exact::Big(r) => r.clone(),
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Exact::Small { n: 0, .. })
    }

    pub fn is_integer(&self) -> bool {
        match self {
            Exact::Small { d, .. } => *d == 1,
            Exact::Big(r) => r.is_integer(),
        }
    }

    /// The integer value, when the value is an integer that fits an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        match self {
            Exact::Small { n, d: 1 } => Some(*n),
            _ => None,
        }
    }

    pub fn add(&self, o: &Exact) -> Exact {
        match (self, o) {
            (Exact::Small { n: a, d: b }, Exact::Small { n: c, d: e }) => {
                let (a, b, c, e) = (
                    i128::from(*a),
                    i128::from(*b),
                    i128::from(*c),
                    i128::from(*e),
                );
                from_i128(a * e + c * b, b * e)
            }
            _ => Exact::normal(self.to_big() + o.to_big()),
        }
    }

    pub fn sub(&self, o: &Exact) -> Exact {
        self.add(&o.neg())
    }

    pub fn mul(&self, o: &Exact) -> Exact {
        match (self, o) {
            (Exact::Small { n: a, d: b }, Exact::Small { n: c, d: e }) => from_i128(
                i128::from(*a) * i128::from(*c),
                i128::from(*b) * i128::from(*e),
            ),
            _ => Exact::normal(self.to_big() * o.to_big()),
        }
    }

    /// `self / o`; `None` when `o` is zero.
    pub fn div(&self, o: &Exact) -> Option<Exact> {
        if o.is_zero() {
            return None;
        }
        Some(match (self, o) {
            (Exact::Small { n: a, d: b }, Exact::Small { n: c, d: e }) => from_i128(
                i128::from(*a) * i128::from(*e),
                i128::from(*b) * i128::from(*c),
            ),
            _ => Exact::normal(self.to_big() / o.to_big()),
        })
    }

    pub fn neg(&self) -> Exact {
        match self {
            Exact::Small { n, d } => from_i128(-i128::from(*n), i128::from(*d)),
            Exact::Big(r) => Exact::normal(-r.clone()),
        }
    }

    /// The greatest integer ≤ the value.
    pub fn floor(&self) -> Exact {
        match self {
            Exact::Small { n, d } => Exact::int(n.div_euclid(*d)),
            Exact::Big(r) => Exact::normal(r.floor()),
        }
    }

    /// The least integer ≥ the value.
    pub fn ceil(&self) -> Exact {
        match self {
            Exact::Small { n, d } => {
                let q = n.div_euclid(*d);
                Exact::int(if n.rem_euclid(*d) == 0 { q } else { q + 1 })
            }
            Exact::Big(r) => Exact::normal(r.ceil()),
        }
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Exact::Small { n, .. } => *n < 0,
            Exact::Big(r) => r.is_negative(),
        }
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, o: &Exact) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Exact {
    fn cmp(&self, o: &Exact) -> Ordering {
        match (self, o) {
            (Exact::Small { n: a, d: b }, Exact::Small { n: c, d: e }) => {
                (i128::from(*a) * i128::from(*e)).cmp(&(i128::from(*c) * i128::from(*b)))
            }
            _ => self.to_big().cmp(&o.to_big()),
        }
    }
}

impl From<&BigRational> for Exact {
    fn from(r: &BigRational) -> Exact {
        Exact::from_big(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Zero;
    use proptest::prelude::*;

    fn big(n: i128, d: i128) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn reduces_and_normalises_the_sign() {
        assert_eq!(from_i128(4, -6), Exact::Small { n: -2, d: 3 });
        assert_eq!(from_i128(0, -6), Exact::int(0));
        assert!(Exact::int(0).is_zero());
        assert_eq!(Exact::from_big(&big(10, 5)), Exact::int(2));
    }

    #[test]
    fn overflow_falls_back_and_comes_back() {
        let max = Exact::int(i64::MAX);
        let sum = max.add(&Exact::int(1));
        assert!(matches!(sum, Exact::Big(_)));
        assert_eq!(sum.to_big(), big(i128::from(i64::MAX) + 1, 1));
        assert_eq!(sum.sub(&Exact::int(1)), max);
        let sq = max.mul(&max);
        assert!(matches!(sq, Exact::Big(_)));
        assert_eq!(sq.div(&max), Some(max.clone()));
        let min = Exact::int(i64::MIN);
        assert!(matches!(min.neg(), Exact::Big(_)));
        assert_eq!(min.neg().neg(), min);
        assert_eq!(Exact::uint(u64::MAX).to_big(), big(i128::from(u64::MAX), 1));
    }

    #[test]
    fn compares_across_forms() {
        let huge = Exact::int(i64::MAX).add(&Exact::int(1));
        assert!(Exact::int(i64::MAX) < huge);
        assert!(huge > Exact::Small { n: i64::MAX, d: 2 });
        assert_eq!(huge.neg(), Exact::int(i64::MIN));
        assert!(huge.neg().sub(&Exact::int(1)) < Exact::int(i64::MIN));
        assert_eq!(Exact::int(3).div(&Exact::int(0)), None);
    }

    #[test]
    fn rounds() {
        let r = |n, d| from_i128(n, d);
        assert_eq!(r(2000, 3).ceil(), Exact::int(667));
        assert_eq!(r(2000, 3).floor(), Exact::int(666));
        assert_eq!(r(-1, 2).ceil(), Exact::int(0));
        assert_eq!(r(-1, 2).floor(), Exact::int(-1));
        assert_eq!(r(4, 2).ceil(), Exact::int(2));
    }

    fn small() -> impl Strategy<Value = (i128, i128)> {
        let edge = prop_oneof![
            Just(i128::from(i64::MAX)),
            Just(i128::from(i64::MIN)),
            Just(i128::from(i64::MAX) + 1),
            -1000i128..1000,
            any::<i64>().prop_map(i128::from),
        ];
        (edge.clone(), edge.prop_filter("nonzero", |d| *d != 0))
    }

    proptest! {
        #[test]
        fn agrees_with_big_rational(a in small(), b in small()) {
            let (x, y) = (big(a.0, a.1), big(b.0, b.1));
            let (ex, ey) = (Exact::from_big(&x), Exact::from_big(&y));
            prop_assert_eq!(ex.to_big(), x.clone());
            prop_assert_eq!(ex.add(&ey).to_big(), &x + &y);
            prop_assert_eq!(ex.sub(&ey).to_big(), &x - &y);
            prop_assert_eq!(ex.mul(&ey).to_big(), &x * &y);
            prop_assert_eq!(ex.neg().to_big(), -x.clone());
            prop_assert_eq!(ex.cmp(&ey), x.cmp(&y));
            prop_assert_eq!(ex == ey, x == y);
            prop_assert_eq!(ex.floor().to_big(), x.floor());
            prop_assert_eq!(ex.ceil().to_big(), x.ceil());
            prop_assert_eq!(ex.is_integer(), x.is_integer());
            if !y.is_zero() {
                prop_assert_eq!(ex.div(&ey).map(|q| q.to_big()), Some(&x / &y));
            }
            // Canonical: a result is small exactly when it fits.
            let p = ex.mul(&ey);
            let fits = p.to_big().numer().to_i64().is_some() && p.to_big().denom().to_i64().is_some();
            prop_assert_eq!(matches!(p, Exact::Small { .. }), fits);
        }
    }
}
