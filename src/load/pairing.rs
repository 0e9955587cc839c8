//! Pairing each default-language event with its translation.
//!
//! Within a section, an event and its translation share a date (times of day
//! aside) and a set of citations: that pair is the key. An explicit `{#id}`
//! on both sides overrides the key. When several events share a key they are
//! paired in source order and a warning names them, since a reorder in one
//! language could then swap them; a key with unequal counts pairs nothing,
//! so an insertion or deletion can never shift the pairs of other events.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{DatePoint, Event, EventId, Lang, Qualifier, SectionId};
use std::collections::{BTreeMap, HashMap};

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
    for e in events.iter().filter(|e| e.counterpart.is_none()) {
        let missing: Vec<&str> = langs
            .iter()
            .filter(|l| **l != e.lang && translated(e.section, **l))
            .map(|l| l.code())
            .collect();
        if missing.is_empty() {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                location(e),
                format!(
                    "event of {} has no {} counterpart",
                    e.date.display(e.lang),
                    missing.join("/")
                ),
            )
            .with_hint("write its translation with the same date and citation markers in the same section, or give both the same {#id}"),
        );
    }
    diags
}

/// An explicit id names one event of a language: `{same=id}` finds it
/// site-wide. A second use is an error, and that event is then paired as if
/// it had no id, so the error is not echoed by unpaired-event warnings.
fn duplicate_ids(events: &mut [Event], diags: &mut Diagnostics) {
    let mut first: HashMap<(Lang, String), EventId> = HashMap::new();
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
                format!(
                    "the id `{id}` is already given to the event at {}:{}:{}",
                    at.path.display(),
                    at.line,
                    at.col
                ),
            )
            .with_hint("an {#id} names one event (and its translation); give this one another id"),
        );
        events[i].explicit_id = None;
    }
}

fn pair_languages(events: &mut [Event], a: Lang, b: Lang, diags: &mut Diagnostics) {
    // Explicit ids first.
    let mut by_id: HashMap<(SectionId, &str), EventId> = HashMap::new();
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
    let explicitly: std::collections::HashSet<EventId> =
        pairs.iter().flat_map(|(i, j)| [*i, *j]).collect();

    // Then by key, among events without an explicit pair.
    let mut groups: BTreeMap<Key, (Vec<EventId>, Vec<EventId>)> = BTreeMap::new();
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
    let mut taken: HashMap<String, usize> = HashMap::new();
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
            None => format!("{}-{}", e.date.start.iso(), section_slugs[e.section]),
        };
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        events[i].id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}
