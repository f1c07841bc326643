//! Tests of `store::evidence` that need its private functions.

use super::*;
use crate::store::Store;

/// A name that arrives in a package ("C:\Windows\CON.pdf" and a terminal escape) is stored
/// as a safe base name, as a name attached through the window is.
#[test]
fn received_file_names_are_stored_safe() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut store = Store::create(&dir.path().join("t.cchc")).unwrap_or_else(|e| panic!("{e}"));
    let received = NewEvidence {
        uuid: Uuid::new_v4(),
        info: EvidenceInfo {
            doc_type: "Báo cáo".into(),
            ..EvidenceInfo::default()
        },
        file_name: "C:\\Windows\\CON.pdf\u{1b}[2J".into(),
        file_size: 8,
        sha256: None,
        owner_unit_id: None,
    };
    store
        .write(|tx| insert_doc(tx, "Thử", &received, Some("package")))
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = store
        .evidence_docs()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|d| d.file_name)
        .collect();
    assert_eq!(names, ["_CON.pdf[2J"]);
}
