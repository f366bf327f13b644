//! Go's float formatting where Chart.yaml needs it: sigs.k8s.io/yaml turns a
//! YAML float bound for a string field into text with `%g` at float32
//! precision, and `.Chart.AppVersion` shows that text.

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest float32 digits,
/// in exponent form when the exponent is below -4 or at least 6.
pub(super) fn go_float32_g(f: f64) -> String {
    let f = f as f32;
    // Past float32's range; sigs.k8s.io/yaml maps Go's `+Inf` back to YAML.
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    // Rust's `{:e}` prints the same shortest round-trip digits Go picks.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').expect("{:e} output has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let sign = if f < 0.0 { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}e{esign}{:02}", exp.abs());
    }
    let dp = exp + 1; // digits before the decimal point
    let nd = digits.len() as i32;
    let digit = |i: i32| {
        if (0..nd).contains(&i) {
            digits.as_bytes()[i as usize] as char
        } else {
            '0'
        }
    };
    let int: String = if dp > 0 {
        (0..dp).map(digit).collect()
    } else {
        "0".into()
    };
    let frac: String = (dp..nd).map(digit).collect();
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::go_float32_g;

    #[test]
    fn floats_print_as_go_g_float32() {
        assert_eq!(go_float32_g(1.10), "1.1");
        assert_eq!(go_float32_g(1.0), "1");
        assert_eq!(go_float32_g(0.1), "0.1");
        assert_eq!(go_float32_g(0.0001), "0.0001");
        assert_eq!(go_float32_g(0.00001), "1e-05");
        assert_eq!(go_float32_g(123456.0), "123456");
        assert_eq!(go_float32_g(1234567.0), "1.234567e+06");
        assert_eq!(go_float32_g(-2.5), "-2.5");
        assert_eq!(go_float32_g(1.234567891), "1.2345679");
    }
}
