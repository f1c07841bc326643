//! Signed packages. Every file has its own ed25519 key pair, made at its first export and
//! never exported; every package it sends carries a signature over its whole content (every
//! row of every table, evidence files included). A receiver trusts a sender's key on first use,
//! as SSH does: the first package of a unit shows the key's short fingerprint, to read over the
//! phone, and the officer's acceptance records it; later packages of that unit must carry the
//! same key. A package whose content was changed after signing (a re-hashed or cut audit log,
//! an edited row) no longer matches its signature and is refused whole.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::audit::hex;
use super::{Result, StoreError, now};

/// The `meta` key of a package's signature.
pub const SIGNATURE_META: &str = "package_signature";

/// A sender's public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SenderKey(pub [u8; 32]);

impl SenderKey {
    /// The short fingerprint an officer reads over the phone: the first 8 bytes of the key's
    /// SHA-256 in four groups ("3F2A-91C0-77DE-0B45").
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0);
        digest[..8]
            .chunks(2)
            .map(|pair| hex(pair).to_uppercase())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Whether `typed` names this key: the fingerprint, ignoring case, spaces and dashes.
    pub fn matches(&self, typed: &str) -> bool {
        let clean = |s: &str| {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect::<String>()
        };
        clean(typed) == clean(&self.fingerprint())
    }
}

impl Serialize for SenderKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.fingerprint())
    }
}

/// The signature record stored in a package's `meta`.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    public_key: String,
    signature: String,
}

/// This file's signing key, made now if it has none (the first export).
pub(crate) fn ensure_key(conn: &Connection) -> Result<SigningKey> {
    let stored: Option<Vec<u8>> = conn
        .query_row("SELECT secret FROM signing_key WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(secret) = stored {
        let bytes: [u8; 32] = secret
            .try_into()
            .map_err(|_| StoreError::Damaged("signing key".into()))?;
        return Ok(SigningKey::from_bytes(&bytes));
    }
    let writable: bool = !conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
    if !writable || conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::Invalid(
            "Tệp chưa có khóa ký gói; hãy mở tệp để sửa một lần rồi xuất lại / the file has no signing key yet; open it for editing once, then export again".into(),
        ));
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| StoreError::Invalid(format!("no random numbers for a key: {e}")))?;
    let key = SigningKey::from_bytes(&secret);
    conn.execute(
        "INSERT INTO signing_key (id, secret, public_key, created_at) VALUES (1, ?1, ?2, ?3)",
        params![
            secret.as_slice(),
            key.verifying_key().as_bytes().as_slice(),
            now()
        ],
    )?;
    Ok(key)
}

/// The SHA-256 of a file's content: every table by name, every row in rowid order, every
/// value with its type and length, leaving out the signature itself and the receiver's own
/// keys (an export carries none; a package opened in the window gets its own key at open and
/// must stay importable).
fn content_digest(conn: &Connection) -> Result<[u8; 32]> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT IN ('signing_key', 'trusted_sender') ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut hasher = Sha256::new();
    for table in tables {
        hasher.update(format!("table {}:{table};", table.len()));
        let sql = if table == "meta" {
            format!("SELECT * FROM meta WHERE key <> '{SIGNATURE_META}' ORDER BY rowid")
        } else {
            format!("SELECT * FROM \"{table}\" ORDER BY rowid")
        };
        let mut stmt = conn.prepare(&sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            hasher.update(b"row;");
            for i in 0..columns {
                match row.get_ref(i)? {
                    ValueRef::Null => hasher.update(b"n;"),
                    ValueRef::Integer(v) => hasher.update(format!("i{v};")),
                    ValueRef::Real(v) => hasher.update(format!("r{};", v.to_bits())),
                    ValueRef::Text(t) => {
                        hasher.update(format!("t{}:", t.len()));
                        hasher.update(t);
                    }
                    ValueRef::Blob(b) => {
                        hasher.update(format!("b{}:", b.len()));
                        hasher.update(b);
                    }
                }
            }
        }
    }
    Ok(hasher.finalize().into())
}

/// Signs a package (the export's copy, filtered and compacted) with `key`.
pub(crate) fn sign(conn: &Connection, key: &SigningKey) -> Result<SenderKey> {
    let digest = content_digest(conn)?;
    let signature = key.sign(&digest);
    let record = Record {
        public_key: hex(key.verifying_key().as_bytes()),
        signature: hex(&signature.to_bytes()),
    };
    let json = serde_json::to_string(&record)
        .map_err(|e| StoreError::Invalid(format!("signature: {e}")))?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![SIGNATURE_META, json],
    )?;
    Ok(SenderKey(key.verifying_key().to_bytes()))
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The key a received file was signed with, after checking the signature over its content;
/// `None` when it carries no signature. A signature that does not match the content is
/// [`StoreError::BadSignature`]: the file was changed after it was signed.
pub(crate) fn verify(conn: &Connection) -> Result<Option<SenderKey>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [SIGNATURE_META],
            |r| r.get(0),
        )
        .optional()?;
    let Some(json) = json else {
        return Ok(None);
    };
    let record: Record = serde_json::from_str(&json).map_err(|_| StoreError::BadSignature)?;
    let public = unhex::<32>(&record.public_key).ok_or(StoreError::BadSignature)?;
    let signature = unhex::<64>(&record.signature).ok_or(StoreError::BadSignature)?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| StoreError::BadSignature)?;
    let digest = content_digest(conn)?;
    key.verify(&digest, &Signature::from_bytes(&signature))
        .map_err(|_| StoreError::BadSignature)?;
    Ok(Some(SenderKey(public)))
}

/// A sender this file trusts.
#[derive(Debug, Clone, Serialize)]
pub struct Trusted {
    /// `unit:<uuid>` or `key:<fingerprint>`.
    pub sender: String,
    pub key: SenderKey,
    pub label: String,
    pub accepted_at: String,
    pub accepted_by: String,
}

/// The key this file trusts for `sender`, if any.
pub(crate) fn trusted(conn: &Connection, sender: &str) -> Result<Option<Trusted>> {
    Ok(all_trusted(conn)?.into_iter().find(|t| t.sender == sender))
}

pub(crate) fn all_trusted(conn: &Connection) -> Result<Vec<Trusted>> {
    let mut stmt = conn.prepare(
        "SELECT sender, public_key, label, accepted_at, accepted_by FROM trusted_sender ORDER BY label",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(sender, key, label, accepted_at, accepted_by)| {
            let key: [u8; 32] = key
                .try_into()
                .map_err(|_| StoreError::Damaged("trusted_sender".into()))?;
            Ok(Trusted {
                sender,
                key: SenderKey(key),
                label,
                accepted_at,
                accepted_by,
            })
        })
        .collect()
}

/// Records `key` as the trusted key of `sender` (in the caller's transaction).
pub(crate) fn trust(
    conn: &Connection,
    sender: &str,
    key: SenderKey,
    label: &str,
    actor: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO trusted_sender (sender, public_key, label, accepted_at, accepted_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![sender, key.0.as_slice(), label, now(), actor],
    )?;
    Ok(())
}

/// Forgets the trusted key of `sender` (in the caller's transaction); whether there was one.
pub(crate) fn forget(conn: &Connection, sender: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM trusted_sender WHERE sender = ?1", [sender])? > 0)
}

impl super::Store {
    /// The fingerprint of this file's own key (what a receiver is told over the phone);
    /// `None` before the file's first export.
    pub fn own_key_fingerprint(&self) -> Result<Option<String>> {
        Ok(self.own_key()?.map(|k| k.fingerprint()))
    }

    /// This file's own public key, if it has one.
    pub(crate) fn own_key(&self) -> Result<Option<SenderKey>> {
        let public: Option<Vec<u8>> = self
            .conn()
            .query_row("SELECT public_key FROM signing_key WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(public
            .and_then(|p| <[u8; 32]>::try_from(p).ok())
            .map(SenderKey))
    }

    /// The senders this file trusts, with their keys.
    pub fn trusted_senders(&self) -> Result<Vec<Trusted>> {
        all_trusted(self.conn())
    }

    /// Forgets a sender's key, named by its unit code or the key's fingerprint, so that the
    /// sender's next package is shown as from a new key (a unit that changed computers). An
    /// explicit act with a reason, written to the audit log.
    pub fn forget_sender(&mut self, who: &str, reason: &str) -> Result<Trusted> {
        let reason = crate::domain::text::nfc(reason);
        if reason.is_empty() {
            return Err(StoreError::ReasonRequired(
                "đăng ký lại khóa của người gửi / registering a sender's key again".into(),
            ));
        }
        let who = crate::domain::text::nfc(who);
        let found = all_trusted(self.conn())?.into_iter().find(|t| {
            t.key.matches(&who) || t.label.split_whitespace().next() == Some(who.as_str())
        });
        let Some(trusted) = found else {
            return Err(StoreError::Invalid(format!(
                "Không có người gửi {} trong danh sách khóa tin cậy / no trusted sender {}",
                crate::domain::text::for_terminal(&who),
                crate::domain::text::for_terminal(&who)
            )));
        };
        let actor = self.actor().to_owned();
        self.write(|tx| {
            forget(tx, &trusted.sender)?;
            super::audit::append(
                tx,
                &super::audit::Change {
                    actor: &actor,
                    action: "trust",
                    subject: format!("sender:{}", trusted.sender),
                    field: "key",
                    old: Some(trusted.key.fingerprint()),
                    new: None,
                    reason: &reason,
                    package: None,
                },
            )
        })?;
        Ok(trusted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_grouped_and_typed_loosely() {
        let key = SenderKey([7; 32]);
        let print = key.fingerprint();
        assert_eq!(print.len(), 19);
        assert_eq!(print.matches('-').count(), 3);
        assert!(key.matches(&print.to_lowercase().replace('-', " ")));
        assert!(!SenderKey([8; 32]).matches(&print));
    }

    #[test]
    fn hex_round_trips() {
        let bytes = [0xab_u8; 32];
        assert_eq!(unhex::<32>(&hex(&bytes)), Some(bytes));
        assert_eq!(unhex::<32>("zz"), None);
        assert_eq!(unhex::<2>("ééé"), None);
    }
}
