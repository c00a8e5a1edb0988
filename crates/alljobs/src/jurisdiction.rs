//! Jurisdiction codes: ISO 3166-1 alpha-2, plus `SU` (USSR) and the
//! user-assigned `XA`–`XZ` for test and private lists.

/// Officially assigned ISO 3166-1 alpha-2 codes.
const ISO_3166_1: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ \
UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` is an accepted jurisdiction code.
pub fn is_valid(code: &str) -> bool {
    if code == "SU" {
        return true;
    }
    let b = code.as_bytes();
    if b.len() == 2 && b[0] == b'X' && b[1].is_ascii_uppercase() {
        return true;
    }
    code.len() == 2 && ISO_3166_1.split(' ').any(|c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iso_su_and_user_assigned() {
        for c in ["KG", "RU", "KZ", "UZ", "SU", "XA", "XZ", "AZ"] {
            assert!(is_valid(c), "{c}");
        }
        for c in ["kg", "ZZ", "K", "KGZ", "", "X1", "AA"] {
            assert!(!is_valid(c), "{c}");
        }
        assert_eq!(ISO_3166_1.split(' ').count(), 249);
    }
}
