//! Rewriting `spec/intercom.toml` in place (its comments and order kept): the commit, hashes,
//! new versions and the pinned version.

use toml_edit::{DocumentMut, Item, Table, value};

/// The pin file being edited.
pub struct PinFile {
    doc: DocumentMut,
}

impl PinFile {
    /// Parses the pin file's text.
    pub fn parse(text: &str) -> Result<PinFile, String> {
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| format!("spec/intercom.toml: {e}"))?;
        Ok(PinFile { doc })
    }

    /// Sets `upstream.commit`.
    pub fn set_commit(&mut self, commit: &str) -> Result<(), String> {
        let upstream = self.table_mut(&["upstream"])?;
        upstream["commit"] = value(commit);
        Ok(())
    }

    /// Sets the sha256 of a version.
    pub fn set_version_sha256(&mut self, version: &str, sha256: &str) -> Result<(), String> {
        self.table_mut(&["versions", version])?["sha256"] = value(sha256);
        Ok(())
    }

    /// Sets the sha256 of a `[files]` entry.
    pub fn set_file_sha256(&mut self, path: &str, sha256: &str) -> Result<(), String> {
        self.table_mut(&["files", path])?["sha256"] = value(sha256);
        Ok(())
    }

    /// Adds `[versions."<version>"]`, after the last version.
    pub fn add_version(
        &mut self,
        version: &str,
        header: &str,
        path: &str,
        sha256: &str,
    ) -> Result<(), String> {
        let versions = self
            .doc
            .get_mut("versions")
            .and_then(Item::as_table_mut)
            .ok_or("spec/intercom.toml has no [versions] table")?;
        if versions.contains_key(version) {
            return Err(format!("version `{version}` is already pinned"));
        }
        let mut table = Table::new();
        table["header"] = value(header);
        table["path"] = value(path);
        table["sha256"] = value(sha256);
        // Printed right after the last version: later tables move down one place.
        let last = versions
            .iter()
            .filter_map(|(_, t)| t.as_table().and_then(Table::position))
            .max();
        if let Some(last) = last {
            shift_tables_after(self.doc.as_table_mut(), last);
            table.set_position(Some(last + 1));
        }
        let versions = self
            .doc
            .get_mut("versions")
            .and_then(Item::as_table_mut)
            .ok_or("spec/intercom.toml has no [versions] table")?;
        versions.insert(version, Item::Table(table));
        Ok(())
    }

    /// Sets `pinned`.
    pub fn set_pinned(&mut self, version: &str) {
        self.doc["pinned"] = value(version);
    }

    fn table_mut(&mut self, keys: &[&str]) -> Result<&mut Table, String> {
        let mut item = self.doc.as_item_mut();
        for key in keys {
            item = item
                .get_mut(key)
                .ok_or_else(|| format!("spec/intercom.toml has no `{}`", keys.join(".")))?;
        }
        item.as_table_mut()
            .ok_or_else(|| format!("spec/intercom.toml: `{}` is not a table", keys.join(".")))
    }

    /// The edited text.
    pub fn text(&self) -> String {
        self.doc.to_string()
    }
}

/// Adds one to the position of every table (at any depth) placed after `last`.
fn shift_tables_after(table: &mut Table, last: isize) {
    for (_, item) in table.iter_mut() {
        if let Some(t) = item.as_table_mut() {
            if let Some(p) = t.position()
                && p > last
            {
                t.set_position(Some(p + 1));
            }
            shift_tables_after(t, last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_comments_and_order() {
        let text = "# top\npinned = \"1.0\"\n\n[upstream]\n# the commit\ncommit = \"aaa\"\n\n\
                    [versions.\"1.0\"]\nheader = \"1.0\"\npath = \"d/1.0/x\"\nsha256 = \"old\"\n\n\
                    [files.\"fern/x.yml\"]\nsha256 = \"f\"\n";
        let mut file = PinFile::parse(text).expect("valid");
        file.set_commit("bbb").expect("commit");
        file.set_version_sha256("1.0", "new").expect("sha");
        file.set_file_sha256("fern/x.yml", "g").expect("file");
        file.add_version("1.1", "1.1", "d/1.1/x", "h").expect("add");
        file.set_pinned("1.1");
        assert!(file.add_version("1.1", "1.1", "p", "s").is_err());
        assert!(file.set_version_sha256("9.9", "s").is_err());
        let out = file.text();
        assert!(out.starts_with("# top\npinned = \"1.1\"\n"), "{out}");
        assert!(out.contains("# the commit\ncommit = \"bbb\"\n"), "{out}");
        assert!(out.contains("sha256 = \"new\"\n"), "{out}");
        assert!(
            out.contains("[files.\"fern/x.yml\"]\nsha256 = \"g\"\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "[versions.\"1.1\"]\nheader = \"1.1\"\npath = \"d/1.1/x\"\nsha256 = \"h\"\n"
            ),
            "{out}"
        );
        assert!(
            out.find("1.1\"]").unwrap() < out.find("[files").unwrap(),
            "{out}"
        );
    }
}
