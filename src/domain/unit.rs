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

#[cfg(test)]
mod tests {
    use super::*;

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
