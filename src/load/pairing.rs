//! Pairing each default-language event with its translation.
//!
//! Within a section, an event and its translation share a date (times of day
//! aside) and a set of citations: that pair is the key. An explicit `{#id}`
//! on both sides overrides the key. When several events share a key they are
//! paired in source order and a warning names them, since a reorder in one
//! language could then swap them; a key with unequal counts pairs nothing,
//! so an insertion or deletion can never shift the pairs of other events.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{DatePoint, Event, EventId, Lang, Qualifier, SectionId, Site};
use rustc_hash::{FxHashMap, FxHashSet};

type Key = (SectionId, DatePoint, Option<DatePoint>, Vec<u32>);

fn key(e: &Event) -> Key {
    let mut cites = e.text.numbers();
    cites.sort_unstable();
    (
        e.section,
        e.date.start.without_time(),
        e.date.end.map(|d| d.without_time()),
        cites,
    )
}

fn location(e: &Event) -> Option<Location> {
    Some(Location::new(&e.source.path, e.source.line, e.source.col))
}

/// Sets `counterpart` on paired events and gives every event its `id`.
/// `translated(section, lang)` tells whether a section has a file in `lang`:
/// events of a section with no file in the other language are reported
/// once per file by the caller, not once per event here.
pub fn pair(
    events: &mut [Event],
    default: Lang,
    langs: &[Lang],
    section_slugs: &[&str],
    translated: impl Fn(SectionId, Lang) -> bool,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    duplicate_ids(events, &mut diags);
    for &other in langs.iter().filter(|l| **l != default) {
        pair_languages(events, default, other, &mut diags);
    }
    assign_ids(events, default, section_slugs);
    unpaired_warnings(
        events,
        default,
        langs,
        section_slugs,
        translated,
        &mut diags,
    );
    diags
}

/// What tells two events of different languages apart for pairing; each
/// is a part of the [`Key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Difference {
    Section,
    Date,
    Citations,
}

impl Difference {
    fn noun(self) -> &'static str {
        match self {
            Difference::Section => "section",
            Difference::Date => "date",
            Difference::Citations => "citations",
        }
    }

    /// What to do when two events differ in this only.
    fn hint(self) -> &'static str {
        match self {
            Difference::Citations => "if they are one event, give both the same citation numbers (or the same {#id})",
            Difference::Date => "if they are one event, correct the date in one of them (or give both the same {#id})",
            Difference::Section => "a translation belongs in its section's translation file: move one of them",
        }
    }
}

fn differences(a: &Event, b: &Event) -> Vec<Difference> {
    let (ka, kb) = (key(a), key(b));
    let mut out = Vec::new();
    if ka.0 != kb.0 {
        out.push(Difference::Section);
    }
    if (ka.1, ka.2) != (kb.1, kb.2) {
        out.push(Difference::Date);
    }
    if ka.3 != kb.3 {
        out.push(Difference::Citations);
    }
    out
}

/// Days from year 0, roughly: enough to tell which of two dates is nearer.
fn day_number(e: &Event) -> i64 {
    let (y, m, d, _) = e.date.start.sort_key();
    i64::from(y) * 372 + i64::from(m) * 31 + i64::from(d)
}

/// The unpaired event of another language among `candidates` that is most
/// like `events[i]`: fewest differences in section, date and citations,
/// then nearest date, then first in the source. `None` when every one
/// differs in all three.
fn nearest(
    events: &[Event],
    i: EventId,
    candidates: impl Iterator<Item = EventId>,
) -> Option<(EventId, Vec<Difference>)> {
    let e = &events[i];
    candidates
        .filter(|c| events[*c].lang != e.lang && events[*c].counterpart.is_none())
        .map(|c| (c, differences(e, &events[c])))
        .filter(|(_, d)| d.len() < 3)
        .min_by_key(|(c, d)| (d.len(), (day_number(e) - day_number(&events[*c])).abs(), *c))
}

fn citations_shown(e: &Event) -> String {
    let numbers = key(e).3;
    if numbers.is_empty() {
        return "no citation".to_string();
    }
    numbers.iter().map(|n| format!("[{n}]")).collect()
}

/// `what` of `e` as the other event's is compared with it.
fn shown(e: &Event, what: Difference, section_slugs: &[&str]) -> String {
    match what {
        Difference::Section => format!("section `{}`", section_slugs[e.section]),
        Difference::Date => e.date.display(e.lang),
        Difference::Citations => citations_shown(e),
    }
}

fn source_location(e: &Event) -> String {
    format!(
        "{}:{}:{}",
        e.source.path.display(),
        e.source.line,
        e.source.col
    )
}

/// One warning per unpaired event, or per near miss: when an unpaired
/// event of the other language differs from it in one thing only (an
/// English `[2]` where the Chinese has `[1]`), one warning names both
/// events and the difference, rather than two unrelated ones.
fn unpaired_warnings(
    events: &[Event],
    default: Lang,
    langs: &[Lang],
    section_slugs: &[&str],
    translated: impl Fn(SectionId, Lang) -> bool,
    diags: &mut Diagnostics,
) {
    let mut unpaired: Vec<EventId> = (0..events.len())
        .filter(|i| events[*i].counterpart.is_none())
        .collect();
    // The original first, so a near miss is reported where it was written.
    unpaired.sort_by_key(|i| (events[*i].lang != default, *i));
    let mut explained: FxHashSet<EventId> = FxHashSet::default();
    for &i in &unpaired {
        let e = &events[i];
        let missing: Vec<&str> = langs
            .iter()
            .filter(|l| **l != e.lang && translated(e.section, **l))
            .map(|l| l.code())
            .collect();
        if missing.is_empty() || explained.contains(&i) {
            continue;
        }
        let near = nearest(
            events,
            i,
            unpaired.iter().copied().filter(|c| !explained.contains(c)),
        );
        let plain = format!(
            "event of {} has no {} counterpart",
            e.date.display(e.lang),
            missing.join("/")
        );
        let Some((c, differ)) = near else {
            diags.push(
                Diagnostic::warning(location(e), plain)
                    .with_hint("write its translation with the same date and citation markers in the same section, or give both the same {#id}"),
            );
            continue;
        };
        let other = &events[c];
        let compared: Vec<String> = differ
            .iter()
            .map(|d| {
                format!(
                    "{} ({} here, {} there)",
                    d.noun(),
                    shown(e, *d, section_slugs),
                    shown(other, *d, section_slugs)
                )
            })
            .collect();
        let related = Location::new(&other.source.path, other.source.line, other.source.col);
        let d = if let [only] = differ[..] {
            // A near miss: one warning for the two events.
            explained.insert(c);
            Diagnostic::warning(
                location(e),
                format!(
                    "{plain}: the {} event at {} matches it but for its {}",
                    other.lang,
                    source_location(other),
                    compared[0]
                ),
            )
            .with_hint(only.hint())
            .with_related(
                related,
                format!("the nearest {} event, also unpaired", other.lang),
            )
        } else {
            Diagnostic::warning(
                location(e),
                format!(
                    "{plain}; the nearest unpaired {} event, at {}, differs in its {}",
                    other.lang,
                    source_location(other),
                    compared.join(" and ")
                ),
            )
            .with_hint("write its translation with the same date and citation markers in the same section, or give both the same {#id}")
            .with_related(related, format!("the nearest unpaired {} event", other.lang))
        };
        diags.push(d);
    }
}

/// How the event(s) with `id` were paired, or why not, for
/// `annals check --explain ID`. `None` when no event has that id.
pub fn explain(site: &Site, id: &str) -> Option<String> {
    let slugs: Vec<&str> = site.sections.iter().map(|s| s.slug()).collect();
    let events = &site.events;
    let found: Vec<EventId> = (0..events.len()).filter(|i| events[*i].id == id).collect();
    if found.is_empty() {
        return None;
    }
    let describe = |e: &Event| {
        format!(
            "{} event at {}: {}, {}, section `{}`",
            e.lang,
            source_location(e),
            e.date.display(e.lang),
            citations_shown(e),
            slugs[e.section]
        )
    };
    let mut out = String::new();
    for &i in &found {
        let e = &events[i];
        out.push_str(&format!("{}\n", describe(e)));
        match e.counterpart {
            Some(c) if e.explicit_id.is_some() && events[c].explicit_id == e.explicit_id => {
                out.push_str(&format!(
                    "  paired by their shared {{#{}}} with the {}\n",
                    id,
                    describe(&events[c])
                ));
            }
            Some(c) => {
                let sharing = (0..events.len())
                    .filter(|j| events[*j].lang == e.lang && key(&events[*j]) == key(e))
                    .count();
                out.push_str(&format!(
                    "  paired by section, date and citations with the {}\n",
                    describe(&events[c])
                ));
                if sharing > 1 {
                    out.push_str(&format!(
                        "  {sharing} {} events share that section, date and citations: they were told apart by their date's qualifiers, else by source order\n",
                        e.lang
                    ));
                }
            }
            None => {
                out.push_str("  unpaired: no event of the other language has the same section, date (time of day aside) and citations\n");
                match nearest(events, i, 0..events.len()) {
                    Some((c, d)) => {
                        let what: Vec<&str> = d.iter().map(|d| d.noun()).collect();
                        out.push_str(&format!(
                            "  nearest unpaired: the {}\n  which differs in its {}\n",
                            describe(&events[c]),
                            what.join(" and ")
                        ));
                    }
                    None => out.push_str("  no unpaired event of the other language shares its section, date or citations\n"),
                }
            }
        }
    }
    Some(out)
}

/// An explicit id names one event of a language: `{same=id}` finds it
/// site-wide. A second use is an error, and that event is then paired as if
/// it had no id, so the error is not echoed by unpaired-event warnings.
fn duplicate_ids(events: &mut [Event], diags: &mut Diagnostics) {
    let mut first: FxHashMap<(Lang, String), EventId> = FxHashMap::default();
    for i in 0..events.len() {
        let Some(id) = events[i].explicit_id.clone() else {
            continue;
        };
        let Some(&earlier) = first.get(&(events[i].lang, id.clone())) else {
            first.insert((events[i].lang, id), i);
            continue;
        };
        let at = &events[earlier].source;
        diags.push(
            Diagnostic::error(
                location(&events[i]),
                format!("the id `{id}` is already given to another event"),
            )
            .with_hint("an {#id} names one event (and its translation); give this one another id")
            .with_related(Location::new(&at.path, at.line, at.col), "first given here"),
        );
        events[i].explicit_id = None;
    }
}

fn pair_languages(events: &mut [Event], a: Lang, b: Lang, diags: &mut Diagnostics) {
    // Explicit ids first.
    let mut by_id: FxHashMap<(SectionId, &str), EventId> = FxHashMap::default();
    for (i, e) in events.iter().enumerate() {
        if e.lang == b {
            if let Some(id) = &e.explicit_id {
                by_id.insert((e.section, id.as_str()), i);
            }
        }
    }
    let mut pairs: Vec<(EventId, EventId)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if e.lang != a {
            continue;
        }
        if let Some(j) = e
            .explicit_id
            .as_deref()
            .and_then(|id| by_id.get(&(e.section, id)))
        {
            pairs.push((i, *j));
        }
    }
    let explicitly: FxHashSet<EventId> = pairs.iter().flat_map(|(i, j)| [*i, *j]).collect();

    // Then by key, among events without an explicit pair. The groups are
    // disjoint, so the order they are taken in does not matter (their
    // warnings are sorted with all the others).
    let mut groups: FxHashMap<Key, (Vec<EventId>, Vec<EventId>)> = FxHashMap::default();
    for (i, e) in events.iter().enumerate() {
        if explicitly.contains(&i) || (e.lang != a && e.lang != b) {
            continue;
        }
        let slot = groups.entry(key(e)).or_default();
        if e.lang == a {
            slot.0.push(i);
        } else {
            slot.1.push(i);
        }
    }
    for (xs, ys) in groups.values() {
        if xs.len() != ys.len() || xs.is_empty() {
            continue;
        }
        if xs.len() > 1 {
            if let Some(exact) = pair_by_qualifiers(events, xs, ys) {
                pairs.extend(exact);
                continue;
            }
            let first = &events[xs[0]];
            diags.push(
                Diagnostic::warning(
                    location(first),
                    format!(
                        "{} events share the date {} and the same citations; they are paired in source order",
                        xs.len(),
                        first.date.display(first.lang)
                    ),
                )
                .with_hint("give each event and its translation the same {#id} to pair them explicitly"),
            );
        }
        pairs.extend(xs.iter().copied().zip(ys.iter().copied()));
    }
    for (i, j) in pairs {
        events[i].counterpart = Some(j);
        events[j].counterpart = Some(i);
    }
}

/// Events that share a key may still differ in what the date says of
/// itself ("local time", "as of"): when that tells every one apart, pair by
/// it. `None` when it does not.
fn pair_by_qualifiers(
    events: &[Event],
    xs: &[EventId],
    ys: &[EventId],
) -> Option<Vec<(EventId, EventId)>> {
    let marks = |i: EventId| -> Vec<Qualifier> {
        let mut q: Vec<Qualifier> = events[i]
            .date
            .qualifiers
            .iter()
            .copied()
            .filter(|q| {
                matches!(
                    q,
                    Qualifier::LocalTime | Qualifier::AsOf | Qualifier::ShortlyBefore
                )
            })
            .collect();
        q.sort();
        q
    };
    let mut out = Vec::new();
    for &x in xs {
        let matching: Vec<EventId> = ys
            .iter()
            .copied()
            .filter(|y| marks(*y) == marks(x))
            .collect();
        let rivals = xs.iter().filter(|o| marks(**o) == marks(x)).count();
        if matching.len() != 1 || rivals != 1 {
            return None;
        }
        out.push((x, matching[0]));
    }
    Some(out)
}

/// Ids are readable and stable: the explicit id, else `YYYY-MM-DD-section`
/// with `-2`, `-3` for further events of that date in that section. A
/// translation takes the id of its default-language event.
fn assign_ids(events: &mut [Event], default: Lang, section_slugs: &[&str]) {
    let mut taken: FxHashMap<String, usize> = FxHashMap::default();
    let mut order: Vec<EventId> = (0..events.len()).collect();
    // Default language first so its events get the unsuffixed ids.
    order.sort_by_key(|i| (events[*i].lang != default, *i));
    for i in order {
        let e = &events[i];
        if e.lang != default {
            if let Some(c) = e.counterpart {
                events[i].id = events[c].id.clone();
                continue;
            }
        }
        let base = match &e.explicit_id {
            Some(id) => id.clone(),
            None => e.date.start.iso() + "-" + section_slugs[e.section],
        };
        events[i].id = match taken.get_mut(&base) {
            Some(n) => {
                *n += 1;
                format!("{base}-{n}")
            }
            None => {
                taken.insert(base.clone(), 1);
                base
            }
        };
    }
}
