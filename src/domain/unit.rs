//! Administrative units: the kinds Vietnamese law names and the tier (cấp) each belongs to.

use serde::{Deserialize, Serialize};

use super::{Lang, Level};

/// What a unit is. The stored names are the file format's (`unit.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitKind {
    #[serde(rename = "tinh")]
    Province,
    #[serde(rename = "thanh_pho_tw")]
    CentralCity,
    #[serde(rename = "huyen")]
    District,
    #[serde(rename = "thanh_pho")]
    ProvincialCity,
    #[serde(rename = "thi_xa")]
    Town,
    #[serde(rename = "quan")]
    UrbanDistrict,
    #[serde(rename = "xa")]
    Commune,
    #[serde(rename = "phuong")]
    Ward,
    #[serde(rename = "thi_tran")]
    Township,
}

/// The tier of a unit (cấp tỉnh, huyện, xã). The stored names are `unit.level`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    District,
    Commune,
}

impl UnitKind {
    pub const ALL: [UnitKind; 9] = [
        UnitKind::Province,
        UnitKind::CentralCity,
        UnitKind::District,
        UnitKind::ProvincialCity,
        UnitKind::Town,
        UnitKind::UrbanDistrict,
        UnitKind::Commune,
        UnitKind::Ward,
        UnitKind::Township,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Province => "tinh",
            UnitKind::CentralCity => "thanh_pho_tw",
            UnitKind::District => "huyen",
            UnitKind::ProvincialCity => "thanh_pho",
            UnitKind::Town => "thi_xa",
            UnitKind::UrbanDistrict => "quan",
            UnitKind::Commune => "xa",
            UnitKind::Ward => "phuong",
            UnitKind::Township => "thi_tran",
        }
    }

    pub fn parse(text: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The tier a unit of this kind belongs to: a city under the province is a district-tier
    /// unit, a ward a commune-tier one.
    pub fn level(self) -> UnitLevel {
        match self {
            UnitKind::Province | UnitKind::CentralCity => UnitLevel::Province,
            UnitKind::District
            | UnitKind::ProvincialCity
            | UnitKind::Town
            | UnitKind::UrbanDistrict => UnitLevel::District,
            UnitKind::Commune | UnitKind::Ward | UnitKind::Township => UnitLevel::Commune,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            UnitKind::Province => lang.pick("Tỉnh", "Province"),
            UnitKind::CentralCity => lang.pick("Thành phố trực thuộc TW", "Centrally-run city"),
            UnitKind::District => lang.pick("Huyện", "District"),
            UnitKind::ProvincialCity => lang.pick("Thành phố", "City"),
            UnitKind::Town => lang.pick("Thị xã", "Town"),
            UnitKind::UrbanDistrict => lang.pick("Quận", "Urban district"),
            UnitKind::Commune => lang.pick("Xã", "Commune"),
            UnitKind::Ward => lang.pick("Phường", "Ward"),
            UnitKind::Township => lang.pick("Thị trấn", "Township"),
        }
    }
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::District => "district",
            UnitLevel::Commune => "commune",
        }
    }

    pub fn parse(text: &str) -> Option<UnitLevel> {
        [UnitLevel::Province, UnitLevel::District, UnitLevel::Commune]
            .into_iter()
            .find(|l| l.as_str() == text)
    }

    /// The index-set level this tier is assessed at; a province is not assessed here.
    pub fn assessed(self) -> Option<Level> {
        match self {
            UnitLevel::Province => None,
            UnitLevel::District => Some(Level::District),
            UnitLevel::Commune => Some(Level::Commune),
        }
    }
}

/// `unit` and every unit `links` (from, to) join to it, either way and over any number of
/// steps: the units it was formed from before a merger or renaming, and those formed from it.
/// `unit` first, the others in the order found.
pub fn connected_units(unit: i64, links: &[(i64, i64)]) -> Vec<i64> {
    let mut related = vec![unit];
    let mut grew = true;
    while grew {
        grew = false;
        for &(from, to) in links {
            for (known, other) in [(to, from), (from, to)] {
                if related.contains(&known) && !related.contains(&other) {
                    related.push(other);
                    grew = true;
                }
            }
        }
    }
    related
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_units_follow_links_both_ways_and_over_steps() {
        // 1 and 2 merged into 3, 3 renamed 4; 5 and 6 unrelated to them.
        let links = [(1, 3), (2, 3), (3, 4), (5, 6)];
        let mut from_4 = connected_units(4, &links);
        assert_eq!(from_4[0], 4);
        from_4.sort_unstable();
        assert_eq!(from_4, [1, 2, 3, 4]);
        let mut from_1 = connected_units(1, &links);
        from_1.sort_unstable();
        assert_eq!(from_1, [1, 2, 3, 4], "a merged unit reaches its successors");
        assert_eq!(connected_units(7, &links), [7]);
    }

    #[test]
    fn every_kind_reads_back_and_belongs_to_one_tier() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.as_str()), Some(kind));
            assert_eq!(UnitLevel::parse(kind.level().as_str()), Some(kind.level()));
        }
        assert_eq!(UnitKind::Ward.level().assessed(), Some(Level::Commune));
        assert_eq!(UnitKind::ProvincialCity.level(), UnitLevel::District);
        assert_eq!(UnitKind::CentralCity.level().assessed(), None);
        assert_eq!(UnitKind::parse("làng"), None);
    }
}
