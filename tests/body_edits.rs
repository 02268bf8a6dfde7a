//! The preview's quick path for an edit to Markdown bodies alone (`load::reread_bodies` and
//! `build::recheck_bodies`) against a full load of the same files: the same site and the same
//! findings, or no quick path at all.

mod common;

use common::TestSite;
use prongsai::build::{self, Caches, Checked};
use prongsai::check::LinkCache;
use prongsai::load::Cache;

/// The findings as an editor reads them, in order.
fn findings(d: &prongsai::diagnostics::Diagnostics) -> Vec<String> {
    d.iter().map(|x| x.to_string()).collect()
}

/// A full load of the site as it is on disk, without caches: the site when it has no errors,
/// and the findings.
fn full_load(s: &TestSite) -> (Option<prongsai::model::Site>, Vec<String>) {
    match build::load_checked_with(s.root(), true, false, None) {
        Ok(c) => (Some(c.site), findings(&c.diagnostics)),
        Err(d) => (None, findings(&d)),
    }
}

struct Preview {
    cache: Cache,
    links: LinkCache,
    checked: Checked,
}

impl Preview {
    fn start(s: &TestSite) -> Preview {
        let (cache, links) = (Cache::new(), LinkCache::new());
        let checked = build::load_checked_with(s.root(), true, false, Some(Caches { content: &cache, links: &links }))
            .expect("the site loads");
        Preview { cache, links, checked }
    }

    /// The quick path for the files `rels` (relative to `content/`): whether it was taken.
    fn edited(&mut self, s: &TestSite, rels: &[&str]) -> bool {
        let rels: Vec<String> = rels.iter().map(|r| r.to_string()).collect();
        match prongsai::load::reread_bodies(s.root(), &self.cache, &rels) {
            Some(bodies) => build::recheck_bodies(&mut self.checked, bodies, &self.links),
            None => false,
        }
    }

    /// The quick path's site and findings equal those of a full load.
    fn agrees_with_full_load(&self, s: &TestSite) {
        let (site, found) = full_load(s);
        assert_eq!(findings(&self.checked.diagnostics), found);
        if let Some(site) = site {
            assert!(site == self.checked.site, "the site after the quick path differs from a full load");
        }
    }
}

#[test]
fn edits_to_bodies_give_what_a_full_load_gives() {
    let s = TestSite::standard();
    let mut p = Preview::start(&s);
    let structure = s.read("content/about/structure.md");
    let head = structure.split_inclusive("---\n").take(2).collect::<String>();

    // A new sentence and a link to a page that exists.
    s.write("content/about/structure.md", &format!("{head}ดู[ติดต่อ](/about/contact/) และ[แผน](/2565/anti/)\n"));
    assert!(p.edited(&s, &["about/structure.md"]));
    p.agrees_with_full_load(&s);
    assert!(!p.checked.diagnostics.has_errors());

    // A link to a page that does not exist: an error, found as a full load finds it.
    s.write("content/about/structure.md", &format!("{head}ดู[ไม่มี](/about/nowhere/)\n"));
    assert!(p.edited(&s, &["about/structure.md"]));
    p.agrees_with_full_load(&s);
    assert!(p.checked.diagnostics.has_errors(), "{:?}", findings(&p.checked.diagnostics));

    // Two files at once: the broken link mended, an activity's body written.
    s.write("content/about/structure.md", &format!("{head}ดู[ติดต่อ](/about/contact/)\n"));
    s.write("content/2565/anti/integrity/risk.md", &format!("{}ประชุมคณะทำงาน ๒ ครั้ง\n", common::ACTIVITY_1));
    assert!(p.edited(&s, &["about/structure.md", "2565/anti/integrity/risk.md"]));
    p.agrees_with_full_load(&s);
    assert!(!p.checked.diagnostics.has_errors());
    let risk = p.checked.site.plans[0].projects[0].activities.iter().find(|a| a.source.file.ends_with("risk.md"));
    assert!(risk.is_some_and(|a| a.source.body.contains("ประชุมคณะทำงาน")));
}

#[test]
fn anything_but_a_body_edit_takes_the_full_load() {
    let s = TestSite::standard();
    let mut p = Preview::start(&s);
    let contact = s.read("content/about/contact.md");
    // The title changed: it shows in menus and lists.
    s.write("content/about/contact.md", &contact.replace("ติดต่อเรา", "ติดต่อสำนักงาน"));
    assert!(!p.edited(&s, &["about/contact.md"]));
    // The front matter grew by a line: the body starts lower, positions move.
    s.write("content/about/contact.md", &contact.replace("oit: O5\n", "oit: O5\norder: 2\n"));
    assert!(!p.edited(&s, &["about/contact.md"]));
    // A new file, and a file gone.
    s.write("content/about/new.md", "---\ntitle: ใหม่\n---\nข้อความ\n");
    assert!(!p.edited(&s, &["about/new.md"]));
    s.remove("content/about/contact.md");
    assert!(!p.edited(&s, &["about/contact.md"]));
    // All or nothing: a file whose body alone changed (or nothing did) with one gone.
    assert!(!p.edited(&s, &["2565/anti/_index.md", "2565/anti/nothing.md"]));
    // Front matter that no longer parses.
    s.write("content/about/structure.md", "---\ntitle: [ไม่ปิด\n---\nข้อความ\n");
    assert!(!p.edited(&s, &["about/structure.md"]));
    // Nothing was changed by the refused edits.
    assert!(p.checked.site.pages.iter().any(|x| x.title == "ติดต่อเรา"));
}
