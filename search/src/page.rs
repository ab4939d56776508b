//! Fetching a web page and cutting its main text into passages.
//!
//! Main text: the page's `<main>` or `<article>` when it has one, else its
//! body, without navigation, headers, footers, asides, scripts, styles,
//! forms and elements whose class or id marks them as menus, cookie banners,
//! sidebars or comments. Block elements become paragraphs; paragraphs are
//! grouped into passages of about [`PASSAGE_WORDS`] words.

use scraper::{ElementRef, Html, Node, Selector};

use crate::error::Error;
use crate::http::Http;
use crate::passage::{Passage, Source};

/// Target passage length in words: long enough to carry one idea with its
/// context, short enough that several fit in a generator's prompt.
pub(crate) const PASSAGE_WORDS: usize = 250;

const DROPPED_TAGS: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "form", "svg", "iframe", "template", "button",
    "select", "dialog",
];
const BOILERPLATE_MARKS: &[&str] = &[
    "nav",
    "menu",
    "cookie",
    "consent",
    "sidebar",
    "footer",
    "header",
    "banner",
    "comment",
    "share",
    "breadcrumb",
    "advert",
];
const BLOCK_TAGS: &[&str] =
    &["p", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "dt", "figcaption"];

/// Fetches `url` and returns its main text as passages citing `source`
/// (whose backend gets a `+page` suffix).
pub(crate) async fn fetch_passages(http: &Http, source: &Source) -> Result<Vec<Passage>, Error> {
    const NAME: &str = "page";
    let url = source.url.clone().unwrap_or_default();
    let request = http
        .client()
        .get(&url)
        .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
        .build()
        .map_err(|e| Error::Transport { backend: NAME, url: url.clone(), message: e.to_string() })?;
    let answer = http.send(NAME, request).await?;
    let (title, paragraphs) = main_text(&answer.body);
    let source = Source {
        backend: format!("{}+page", source.backend),
        title: title.filter(|t| !t.is_empty()).unwrap_or_else(|| source.title.clone()),
        ..source.clone()
    };
    Ok(split_passages(&paragraphs, PASSAGE_WORDS).into_iter().map(|text| Passage::new(text, source.clone())).collect())
}

/// The page title and the paragraphs of its main text.
pub(crate) fn main_text(html: &str) -> (Option<String>, Vec<String>) {
    let page = Html::parse_document(html);
    let title = page
        .select(&Selector::parse("title").expect("valid selector"))
        .next()
        .map(|t| collapse(&t.text().collect::<String>()));
    let root = ["main", "article", "[role=main]", "body"]
        .iter()
        .find_map(|css| page.select(&Selector::parse(css).expect("valid selector")).next());
    let mut paragraphs = Vec::new();
    if let Some(root) = root {
        let mut current = String::new();
        walk(root, &mut current, &mut paragraphs);
        push_paragraph(&mut current, &mut paragraphs);
    }
    (title, paragraphs)
}

fn walk(element: ElementRef<'_>, current: &mut String, paragraphs: &mut Vec<String>) {
    let name = element.value().name();
    if DROPPED_TAGS.contains(&name) || is_boilerplate(element) {
        return;
    }
    let block = BLOCK_TAGS.contains(&name) || matches!(name, "div" | "section" | "table" | "ul" | "ol" | "br");
    if block {
        push_paragraph(current, paragraphs);
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => current.push_str(text),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, current, paragraphs);
                }
            }
            _ => {}
        }
    }
    if block {
        push_paragraph(current, paragraphs);
    }
}

fn is_boilerplate(element: ElementRef<'_>) -> bool {
    let value = element.value();
    if matches!(value.attr("role"), Some("navigation" | "banner" | "contentinfo" | "complementary")) {
        return true;
    }
    if value.attr("aria-hidden") == Some("true") || value.attr("hidden").is_some() {
        return true;
    }
    let marks = value.classes().chain(value.id());
    marks.map(str::to_ascii_lowercase).any(|mark| {
        BOILERPLATE_MARKS
            .iter()
            .any(|b| mark == *b || mark.starts_with(&format!("{b}-")) || mark.ends_with(&format!("-{b}")))
    })
}

fn push_paragraph(current: &mut String, paragraphs: &mut Vec<String>) {
    let text = collapse(current);
    if text.split_whitespace().count() >= 3 {
        paragraphs.push(text);
    }
    current.clear();
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Groups paragraphs into passages of about `words` words; a paragraph
/// longer than 1.5 times that is cut at word boundaries.
pub(crate) fn split_passages(paragraphs: &[String], words: usize) -> Vec<String> {
    let mut passages = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for paragraph in paragraphs {
        let paragraph_words: Vec<&str> = paragraph.split_whitespace().collect();
        if paragraph_words.len() > words * 3 / 2 {
            if !current.is_empty() {
                passages.push(current.join(" "));
                current.clear();
            }
            passages.extend(paragraph_words.chunks(words).map(|chunk| chunk.join(" ")));
            continue;
        }
        if current.len() + paragraph_words.len() > words && !current.is_empty() {
            passages.push(current.join(" "));
            current.clear();
        }
        current.extend(paragraph_words);
    }
    if !current.is_empty() {
        passages.push(current.join(" "));
    }
    passages
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head><title>Loop tiling explained</title>
<style>body { color: red }</style><script>var tracking = "script text";</script></head>
<body><header><a href="/">Home</a> <a href="/blog">Blog</a></header>
<nav class="menu"><ul><li>Navigation entry one</li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience</div>
<main><h1>Loop tiling explained</h1>
<p>Loop tiling splits the iteration space into blocks that fit in cache.</p>
<p>Each block is reused many times before it is evicted, which cuts memory traffic.</p>
<aside>Related posts you might like</aside>
<pre>for ib in (0..n).step_by(32) { }</pre></main>
<footer>Copyright 2024 Example Site, all rights reserved</footer></body></html>"#;

    #[test]
    fn boilerplate_is_dropped_and_main_text_kept() {
        let (title, paragraphs) = main_text(PAGE);
        assert_eq!(title.as_deref(), Some("Loop tiling explained"));
        let all = paragraphs.join("\n");
        assert!(all.contains("fit in cache") && all.contains("cuts memory traffic") && all.contains("step_by(32)"));
        for noise in ["Home", "Navigation entry", "cookies", "Related posts", "Copyright", "tracking", "color: red"] {
            assert!(!all.contains(noise), "{noise:?} leaked into {all:?}");
        }
    }

    #[test]
    fn body_is_used_without_main() {
        let (_, paragraphs) = main_text(
            "<html><body><div id=\"sidebar\">side links here now</div><p>The real article text is here.</p></body></html>",
        );
        assert_eq!(paragraphs, ["The real article text is here."]);
    }

    #[test]
    fn paragraphs_group_into_passages_of_bounded_size() {
        let paragraphs: Vec<String> = (0..10).map(|i| format!("paragraph {i} ") + &"word ".repeat(58)).collect();
        let passages = split_passages(&paragraphs, 250);
        assert_eq!(passages.len(), 3);
        assert!(passages.iter().all(|p| p.split_whitespace().count() <= 250));
        let long = vec!["w ".repeat(1000)];
        let cut = split_passages(&long, 250);
        assert_eq!(cut.len(), 4);
    }
}
