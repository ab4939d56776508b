// The text format that carries inputs into a harness and results out of it.
//
// This file is compiled into the host crate (to encode inputs and decode
// results) and pasted into every harness (to decode inputs and encode
// results), so both sides always agree. It uses only `std`.
//
// Grammar, tokens separated by ASCII whitespace:
//   integers   decimal, optional '-'
//   bool       `true` | `false`
//   f64        Rust's shortest round-trip form (`NaN`, `inf` included)
//   char       its code point in decimal
//   String     `<byte length>:<bytes>` (the bytes may contain spaces)
//   Vec<T>     `<length>` then the elements
//   Option<T>  `null` | the value
//   tuples     the fields in order; `()` is nothing
//   lists      as `Vec<i32>` of the values from the head
//   trees      LeetCode's level order as `Vec<Option<i32>>`, trailing nulls cut
// A harness writes each case's result on its own line, after the marker
// `@@`, so stray output from a solution can be told apart.

/// Marks the start of one case's result in a harness's stdout.
pub const CASE_MARKER: &str = "@@";

/// Reads values from wire text.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    fn skip_space(&mut self) {
        while self.pos < self.buf.len() && self.buf[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    /// True when only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.skip_space();
        self.pos == self.buf.len()
    }

    /// Bytes not read yet: an upper bound for any length read from the text.
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The next whitespace-delimited token.
    pub fn token(&mut self) -> Result<&'a [u8], String> {
        self.skip_space();
        let start = self.pos;
        while self.pos < self.buf.len() && !self.buf[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        if start == self.pos { Err("unexpected end of output".to_string()) } else { Ok(&self.buf[start..self.pos]) }
    }

    /// Moves past the next case marker, skipping anything before it (output
    /// the solution printed itself). False when there is none.
    pub fn seek_case(&mut self) -> bool {
        let marker = CASE_MARKER.as_bytes();
        loop {
            self.skip_space();
            if self.pos >= self.buf.len() {
                return false;
            }
            let at_line_start = self.pos == 0 || self.buf[self.pos - 1] == b'\n';
            if at_line_start && self.buf[self.pos..].starts_with(marker) {
                self.pos += marker.len();
                return true;
            }
            match self.buf[self.pos..].iter().position(|&b| b == b'\n') {
                Some(n) => self.pos += n + 1,
                None => self.pos = self.buf.len(),
            }
        }
    }

    fn parse<T: std::str::FromStr>(&mut self, what: &str) -> Result<T, String> {
        let token = self.token()?;
        std::str::from_utf8(token)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| format!("expected {what}, found `{}`", String::from_utf8_lossy(token)))
    }

    /// A length, bounded by what is left so that a corrupt length cannot make
    /// the reader allocate without limit.
    fn length(&mut self) -> Result<usize, String> {
        let n: usize = self.parse("a length")?;
        if n > self.remaining() {
            return Err(format!("length {n} is longer than the rest of the output"));
        }
        Ok(n)
    }

    pub fn read<T: Wire>(&mut self) -> Result<T, String> {
        T::read(self)
    }
}

/// Writes values as wire text.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    fn space(&mut self) {
        if !matches!(self.buf.last(), None | Some(b' ') | Some(b'\n')) {
            self.buf.push(b' ');
        }
    }

    fn token(&mut self, token: &[u8]) {
        self.space();
        self.buf.extend_from_slice(token);
    }

    pub fn put<T: Wire>(&mut self, value: &T) {
        value.write(self);
    }

    /// Starts a case's result.
    pub fn begin_case(&mut self) {
        if !matches!(self.buf.last(), None | Some(b'\n')) {
            self.buf.push(b'\n');
        }
        self.buf.extend_from_slice(CASE_MARKER.as_bytes());
    }

    /// Ends a line (a case's input or result).
    pub fn end_line(&mut self) {
        self.buf.push(b'\n');
    }
}

/// A value that has a wire form.
pub trait Wire: Sized {
    fn read(r: &mut Reader) -> Result<Self, String>;
    fn write(&self, w: &mut Writer);
}

macro_rules! wire_number {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn read(r: &mut Reader) -> Result<Self, String> {
                r.parse(stringify!($t))
            }
            fn write(&self, w: &mut Writer) {
                w.token(self.to_string().as_bytes());
            }
        }
    )*};
}
wire_number!(i32, i64, u32, u64, usize, f64);

impl Wire for bool {
    fn read(r: &mut Reader) -> Result<Self, String> {
        r.parse("a bool")
    }
    fn write(&self, w: &mut Writer) {
        w.token(if *self { b"true" } else { b"false" });
    }
}

impl Wire for char {
    fn read(r: &mut Reader) -> Result<Self, String> {
        let code: u32 = r.parse("a char code")?;
        char::from_u32(code).ok_or_else(|| format!("{code} is not a char"))
    }
    fn write(&self, w: &mut Writer) {
        w.token((*self as u32).to_string().as_bytes());
    }
}

impl Wire for String {
    fn read(r: &mut Reader) -> Result<Self, String> {
        r.skip_space();
        let start = r.pos;
        while r.pos < r.buf.len() && r.buf[r.pos].is_ascii_digit() {
            r.pos += 1;
        }
        let digits = std::str::from_utf8(&r.buf[start..r.pos]).unwrap_or("");
        let len: usize = digits.parse().map_err(|_| "expected a string length".to_string())?;
        if r.buf.get(r.pos) != Some(&b':') {
            return Err("expected `:` after a string length".to_string());
        }
        r.pos += 1;
        if len > r.remaining() {
            return Err(format!("string length {len} is longer than the rest of the output"));
        }
        let bytes = &r.buf[r.pos..r.pos + len];
        r.pos += len;
        String::from_utf8(bytes.to_vec()).map_err(|_| "string is not UTF-8".to_string())
    }
    fn write(&self, w: &mut Writer) {
        w.space();
        w.buf.extend_from_slice(self.len().to_string().as_bytes());
        w.buf.push(b':');
        w.buf.extend_from_slice(self.as_bytes());
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn read(r: &mut Reader) -> Result<Self, String> {
        let n = r.length()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::read(r)?);
        }
        Ok(v)
    }
    fn write(&self, w: &mut Writer) {
        w.token(self.len().to_string().as_bytes());
        for x in self {
            x.write(w);
        }
    }
}

impl<T: Wire> Wire for Option<T> {
    fn read(r: &mut Reader) -> Result<Self, String> {
        r.skip_space();
        if r.buf[r.pos..].starts_with(b"null") {
            r.token()?;
            Ok(None)
        } else {
            T::read(r).map(Some)
        }
    }
    fn write(&self, w: &mut Writer) {
        match self {
            None => w.token(b"null"),
            Some(x) => x.write(w),
        }
    }
}

impl Wire for () {
    fn read(_: &mut Reader) -> Result<Self, String> {
        Ok(())
    }
    fn write(&self, _: &mut Writer) {}
}

macro_rules! wire_tuple {
    ($($name:ident),+) => {
        impl<$($name: Wire),+> Wire for ($($name,)+) {
            fn read(r: &mut Reader) -> Result<Self, String> {
                Ok(($($name::read(r)?,)+))
            }
            #[allow(non_snake_case)]
            fn write(&self, w: &mut Writer) {
                let ($($name,)+) = self;
                $($name.write(w);)+
            }
        }
    };
}
wire_tuple!(A);
wire_tuple!(A, B);
wire_tuple!(A, B, C);
wire_tuple!(A, B, C, D);

impl Wire for Option<Box<super::ListNode>> {
    fn read(r: &mut Reader) -> Result<Self, String> {
        let values: Vec<i32> = r.read()?;
        let mut head = None;
        for val in values.into_iter().rev() {
            head = Some(Box::new(super::ListNode { val, next: head }));
        }
        Ok(head)
    }
    fn write(&self, w: &mut Writer) {
        let mut values = Vec::new();
        let mut node = self.as_deref();
        while let Some(n) = node {
            values.push(n.val);
            node = n.next.as_deref();
        }
        values.write(w);
    }
}

type TreeLink = Option<std::rc::Rc<std::cell::RefCell<super::TreeNode>>>;

impl Wire for TreeLink {
    fn read(r: &mut Reader) -> Result<Self, String> {
        let values: Vec<Option<i32>> = r.read()?;
        let mut values = values.into_iter();
        let new_node = |val: i32| std::rc::Rc::new(std::cell::RefCell::new(super::TreeNode::new(val)));
        let root = match values.next() {
            None | Some(None) => return Ok(None),
            Some(Some(val)) => new_node(val),
        };
        let mut parents = std::collections::VecDeque::from([root.clone()]);
        while let Some(parent) = parents.pop_front() {
            for is_left in [true, false] {
                match values.next() {
                    None => return Ok(Some(root)),
                    Some(None) => {}
                    Some(Some(val)) => {
                        let child = new_node(val);
                        parents.push_back(child.clone());
                        let mut p = parent.borrow_mut();
                        if is_left { p.left = Some(child) } else { p.right = Some(child) }
                    }
                }
            }
        }
        Ok(Some(root))
    }
    fn write(&self, w: &mut Writer) {
        let mut values: Vec<Option<i32>> = Vec::new();
        let mut queue = std::collections::VecDeque::from([self.clone()]);
        while let Some(link) = queue.pop_front() {
            match link {
                None => values.push(None),
                Some(node) => {
                    let node = node.borrow();
                    values.push(Some(node.val));
                    queue.push_back(node.left.clone());
                    queue.push_back(node.right.clone());
                }
            }
        }
        while values.last() == Some(&None) {
            values.pop();
        }
        values.write(w);
    }
}
