//! DSA keys for `genPrivateKey "dsa"`: fresh L=2048, N=256 parameters each
//! time, as Helm makes them.
//!
//! The parameters follow the usual FIPS 186 construction (a 256-bit prime
//! q, then candidates p ≡ 1 mod 2q until one is prime). Candidates are
//! first divided by small primes, which rejects most of them for the cost
//! of a few word divisions; testing every candidate with Miller-Rabin, as
//! the `dsa` crate does, made one key take 8–18 s.

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BitOps, BoxedUint, Limb, NonZero, Odd, RandomBits, Resize};
use crypto_primes::{Flavor, is_prime, random_prime};
use rand_chacha::ChaCha20Rng;

use super::{der, pem};
use crate::funcs::random;

const L: u32 = 2048;
const N: u32 = 256;

/// A new key in Sprig's `DSA PRIVATE KEY` layout: version, p, q, g, y, x.
pub fn generate_pem() -> String {
    let (p, q, g, y, x) = random::with_rng(|rng| {
        let (p, q, g) = parameters(rng);
        let x = below(rng, &q);
        let y = pow_mod(&g, &x, &p);
        (p, q, g, y, x)
    });
    let fields: Vec<Vec<u8>> = [&p, &q, &g, &y, &x]
        .iter()
        .map(|n| der::uint(&n.to_be_bytes()))
        .collect();
    let der = der::tlv(der::SEQUENCE, &[der::uint(&[0]), fields.concat()].concat());
    pem::encode("DSA PRIVATE KEY", &der)
}

fn parameters(rng: &mut ChaCha20Rng) -> (BoxedUint, BoxedUint, BoxedUint) {
    let small_primes = small_primes(2000);
    loop {
        let q: BoxedUint = random_prime(rng, Flavor::Any, N);
        let wide_q = q.clone().resize(L);
        let two_q =
            NonZero::new(wide_q.shl_vartime(1).expect("2q fits in L bits")).expect("q is not zero");
        for _ in 0..4 * L {
            let mut candidate = BoxedUint::random_bits(rng, L);
            candidate.set_bit_vartime(L - 1, true);
            let remainder = &candidate % &two_q;
            let p = candidate
                .wrapping_sub(&remainder)
                .wrapping_add(BoxedUint::one_with_precision(L));
            if p.bit_width() != L || small_primes.iter().any(|d| p.rem_limb(*d).0 == 0) {
                continue;
            }
            if is_prime(Flavor::Any, &p) {
                let g = generator(&p, &wide_q);
                return (p, q, g);
            }
        }
    }
}

/// g = h^((p-1)/q) mod p for the first h from 2 that gives g ≠ 1.
fn generator(p: &BoxedUint, q: &BoxedUint) -> BoxedUint {
    let exponent = p.wrapping_sub(BoxedUint::one_with_precision(L))
        / NonZero::new(q.clone()).expect("q is not zero");
    let mut h = BoxedUint::from(2u32).resize(L);
    loop {
        let g = pow_mod(&h, &exponent, p);
        if g != BoxedUint::one_with_precision(L) {
            return g;
        }
        h = h.wrapping_add(BoxedUint::one_with_precision(L));
    }
}

fn pow_mod(base: &BoxedUint, exponent: &BoxedUint, modulus: &BoxedUint) -> BoxedUint {
    let modulus = Odd::new(modulus.clone()).expect("p is odd");
    let params = BoxedMontyParams::new_vartime(modulus);
    BoxedMontyForm::new(base.clone().resize(L), &params)
        .pow(exponent)
        .retrieve()
}

/// Uniform in 1..q.
fn below(rng: &mut ChaCha20Rng, q: &BoxedUint) -> BoxedUint {
    loop {
        let x = BoxedUint::random_bits(rng, N);
        if !bool::from(x.is_zero()) && x < *q {
            return x;
        }
    }
}

/// The odd primes below `limit`, as divisors.
fn small_primes(limit: usize) -> Vec<NonZero<Limb>> {
    let mut composite = vec![false; limit];
    let mut primes = Vec::new();
    for n in (3..limit).step_by(2) {
        if composite[n] {
            continue;
        }
        primes.push(NonZero::new(Limb::from(n as u32)).expect("a prime is not zero"));
        for multiple in (n * n..limit).step_by(2 * n) {
            composite[multiple] = true;
        }
    }
    primes
}
