//! A PDF document as pages of drawing operations (text, rules, filled boxes, lines, one
//! image), written out with `pdf-writer`. Pages are US Letter; content streams are left
//! uncompressed, so the files stay small (text and vector shapes only) and their text can be
//! checked without a PDF reader.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::fonts::{self, Font};

/// US Letter, in points.
pub const PAGE_WIDTH: f32 = 612.0;
pub const PAGE_HEIGHT: f32 = 792.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

pub const BLACK: Color = Color(0.0, 0.0, 0.0);
pub const GRAY: Color = Color(0.38, 0.38, 0.38);
pub const RULE: Color = Color(0.72, 0.72, 0.72);
pub const ACCENT: Color = Color(0.13, 0.33, 0.58);
pub const WARN: Color = Color(0.75, 0.22, 0.17);

/// A JPEG shown as is (the PDF reader decodes it).
#[derive(Debug, Clone)]
pub struct Jpeg {
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// 1 (gray), 3 (RGB) or 4 (CMYK).
    pub components: u8,
}

const IMAGE: &[u8] = b"Im1";

pub struct Page {
    content: Content,
    /// Every string shown, in order (for the document's own checks and tests).
    shown: Vec<String>,
}

impl Page {
    fn new() -> Page {
        Page { content: Content::new(), shown: Vec::new() }
    }

    pub fn text(&mut self, x: f32, y: f32, font: Font, size: f32, color: Color, text: &str) {
        let bytes = fonts::encode(text, font);
        self.content.set_fill_rgb(color.0, color.1, color.2);
        self.content.begin_text();
        self.content.set_font(Name(font.resource()), size);
        self.content.next_line(x, y);
        self.content.show(Str(&bytes));
        self.content.end_text();
        self.shown.push(text.to_string());
    }

    /// Text whose right edge is at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, font: Font, size: f32, color: Color, text: &str) {
        self.text(right - fonts::width(text, font, size), y, font, size, color, text);
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        self.content.set_fill_rgb(color.0, color.1, color.2);
        self.content.rect(x, y, w, h);
        self.content.fill_nonzero();
    }

    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32, color: Color) {
        self.content.set_stroke_rgb(color.0, color.1, color.2);
        self.content.set_line_width(width);
        self.content.rect(x, y, w, h);
        self.content.stroke();
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Color) {
        self.polyline(&[from, to], width, color);
    }

    pub fn polyline(&mut self, points: &[(f32, f32)], width: f32, color: Color) {
        let Some((first, rest)) = points.split_first() else { return };
        self.content.set_stroke_rgb(color.0, color.1, color.2);
        self.content.set_line_width(width);
        self.content.move_to(first.0, first.1);
        for p in rest {
            self.content.line_to(p.0, p.1);
        }
        self.content.stroke();
    }

    /// The document's image, scaled into the box.
    pub fn image(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.content.save_state();
        self.content.transform([w, 0.0, 0.0, h, x, y]);
        self.content.x_object(Name(IMAGE));
        self.content.restore_state();
    }

    pub fn shown(&self) -> &[String] {
        &self.shown
    }
}

pub struct Document {
    title: String,
    pages: Vec<Page>,
    pub image: Option<Jpeg>,
}

impl Document {
    pub fn new(title: &str) -> Document {
        Document { title: title.to_string(), pages: Vec::new(), image: None }
    }

    pub fn add_page(&mut self) -> &mut Page {
        self.pages.push(Page::new());
        self.pages.last_mut().expect("just pushed")
    }

    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    pub fn pages_mut(&mut self) -> &mut [Page] {
        &mut self.pages
    }

    /// Every string shown, page by page.
    pub fn text(&self) -> Vec<&str> {
        self.pages.iter().flat_map(|p| p.shown.iter().map(String::as_str)).collect()
    }

    /// The file's bytes. No creation date is written, so the same input gives the same file.
    pub fn into_bytes(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let (catalog, tree, info, regular, bold, image) =
            (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
        pdf.catalog(catalog).pages(tree);
        let page_ids: Vec<Ref> = (0..self.pages.len()).map(|i| Ref::new(7 + 2 * i as i32)).collect();
        pdf.pages(tree).kids(page_ids.iter().copied()).count(self.pages.len() as i32);
        for (font, id) in [(Font::Regular, regular), (Font::Bold, bold)] {
            pdf.type1_font(id).base_font(Name(font.base_name())).encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        if let Some(jpeg) = &self.image {
            let mut x = pdf.image_xobject(image, &jpeg.data);
            x.filter(Filter::DctDecode);
            x.width(jpeg.width as i32).height(jpeg.height as i32).bits_per_component(8);
            match jpeg.components {
                1 => x.color_space().device_gray(),
                4 => x.color_space().device_cmyk(),
                _ => x.color_space().device_rgb(),
            };
            x.finish();
        }
        for (page, &id) in self.pages.into_iter().zip(&page_ids) {
            let content_id = Ref::new(id.get() + 1);
            let mut p = pdf.page(id);
            p.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT)).parent(tree).contents(content_id);
            let mut resources = p.resources();
            resources.fonts().pair(Name(Font::Regular.resource()), regular).pair(Name(Font::Bold.resource()), bold);
            if self.image.is_some() {
                resources.x_objects().pair(Name(IMAGE), image);
            }
            resources.finish();
            p.finish();
            let data = page.content.finish();
            pdf.stream(content_id, &data);
        }
        let shown_title = crate::text::escape(&self.title, false);
        pdf.document_info(info)
            .title(TextStr(&shown_title))
            .producer(TextStr(concat!("Overturn ", env!("CARGO_PKG_VERSION"))));
        pdf.finish()
    }
}
