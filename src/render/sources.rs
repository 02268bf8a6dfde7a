//! What an edit must re-render (for `serve`): the content files each page is made from.

use super::{Child, Job, Renderer};
use std::path::Path;

impl<'s> Renderer<'s> {
    /// The content files a job's page is made from, for deciding what an edit must re-render.
    /// `None` means the page draws on the whole site (home, folder lists, OIT index, sitemap).
    pub fn sources(&self, job: &Job) -> Option<Vec<&'s Path>> {
        let site = self.site;
        let plan_files = |i: usize| {
            let plan = &site.plans[i];
            let mut v: Vec<&Path> = vec![&plan.source.file];
            v.extend(plan.narratives.iter().map(|n| n.source.file.as_path()));
            v.extend(plan.groups.iter().map(|g| g.source.file.as_path()));
            v
        };
        match job {
            Job::Page(i) => Some(vec![&site.pages[*i].source.file]),
            Job::Register(i) | Job::RegisterPart(i, _) | Job::RegisterData(i, _, _) => {
                let register = &site.registers[*i];
                let mut v: Vec<&Path> = vec![&register.source.file];
                v.extend(register.narrative.iter().map(|n| n.source.file.as_path()));
                for record in &register.records {
                    if !v.contains(&record.file.as_path()) {
                        v.push(&record.file);
                    }
                }
                Some(v)
            }
            Job::Plan(i) | Job::Report(i, _) | Job::Group(i, _) | Job::ReportData(i, _, _) => {
                let mut v = plan_files(*i);
                for p in &site.plans[*i].projects {
                    v.push(&p.source.file);
                    v.extend(p.activities.iter().map(|a| a.source.file.as_path()));
                }
                Some(v)
            }
            Job::Project(i, j) => {
                let p = &site.plans[*i].projects[*j];
                let mut v = plan_files(*i);
                v.push(&p.source.file);
                v.extend(p.activities.iter().map(|a| a.source.file.as_path()));
                Some(v)
            }
            Job::Activity(i, j, k) => {
                let p = &site.plans[*i].projects[*j];
                let mut v = plan_files(*i);
                v.push(&p.source.file);
                v.push(&p.activities[*k].source.file);
                Some(v)
            }
            Job::Section(path) => {
                let mut v: Vec<&Path> = Vec::new();
                if let Some(Some(i)) = self.tables.sections.get(path) {
                    v.push(&site.pages[*i].source.file);
                }
                for child in self.tables.children.get(path).map(Vec::as_slice).unwrap_or_default() {
                    match child {
                        Child::Plan(i) => v.extend(self.sources(&Job::Plan(*i)).unwrap_or_default()),
                        Child::Page(i) => v.push(&site.pages[*i].source.file),
                        Child::Register(i) => v.push(&site.registers[*i].source.file),
                        Child::Section(p) => {
                            if let Some(Some(i)) = self.tables.sections.get(p) {
                                v.push(&site.pages[*i].source.file);
                            }
                        }
                    }
                }
                Some(v)
            }
            // These show only paths, titles, dates and OIT servings: the structure fingerprint
            // covers them.
            Job::Sitemap
            | Job::Robots
            | Job::NotFound
            | Job::Oit
            | Job::OitCsv
            | Job::OitJson
            | Job::DataIndex
            | Job::Search
            | Job::Feed => Some(Vec::new()),
            Job::Home => None,
        }
    }
}
