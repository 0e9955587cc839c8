//! The story page: the language's TimelineJS export shown with TimelineJS,
//! from the site's own files, whether served or opened from `file://`.

use super::meta::script_json;
use super::*;
use crate::render::timelinejs;

#[derive(Debug, Clone, Serialize)]
pub struct TimelineStoryPage {
    /// The language's `timeline.json` data, as JSON for the inside of a
    /// `<script>` element: print it with `| safe`. Passed in the page, not
    /// by address: a page opened from `file://` may not fetch a file.
    pub data: String,
    /// TimelineJS's options (the language, no web font), as JSON for a
    /// `<script>` element: print it with `| safe`.
    pub options: String,
    /// TimelineJS's script and stylesheet.
    pub script: String,
    pub stylesheet: String,
    /// The timeline page, and the export the page shows.
    pub timeline_url: String,
    pub timeline_json: String,
}

impl Builder<'_> {
    pub fn timeline_story(&self) -> TimelineStoryPage {
        let data = serde_json::to_value(timelinejs::timeline(self.site, self.view))
            .expect("the export has only string keys");
        let options = serde_json::json!({
            "language": timelinejs::language_option(self.lang),
            // The default web font is a stylesheet TimelineJS would ask for;
            // the site's own fonts are used instead.
            "font": null,
        });
        TimelineStoryPage {
            data: script_json(&data),
            options: script_json(&options),
            script: "vendor/timelinejs/js/timeline.js".into(),
            stylesheet: "vendor/timelinejs/css/timeline.css".into(),
            timeline_url: urls::timeline(self.lang),
            timeline_json: timelinejs::path(self.lang),
        }
    }
}
