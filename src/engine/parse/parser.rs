//! The recursive-descent parser, a behavioural port of Go's `parse.Tree`.
//!
//! Go's error lines come from "the last token read from the lexer"
//! (`token[0]`), which depends on exactly how much look-ahead each rule uses.
//! So this keeps Go's three-slot look-ahead buffer (`next`, `backup`,
//! `backup2`, `backup3`, `peek`) and calls it in the same order as Go does;
//! that way every error reports the same line as Helm.
//!
//! `{{define}}` and `{{block}}` bodies get a fresh per-tree state (their own
//! look-ahead, variables and range depth) while sharing the lexer, as Go's
//! nested `Tree`s do; see [`TreeState`].

use indexmap::IndexMap;

use super::ast::*;
use super::lex::{Item, ItemType, Lexer};
use super::strconv::{quote_prefix, unquote};
use super::{ParseError, ParseOptions, Tree};
use std::sync::Arc;

mod pipeline;

/// text/template's built-in functions, always defined.
const BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// Per-tree parsing state (what Go keeps on each `Tree`).
struct TreeState<'a> {
    token: [Item<'a>; 3],
    peek_count: usize,
    /// Variables in scope; `$` is always there.
    vars: Vec<String>,
    /// Line of the action being parsed, for "in action started at".
    action_line: usize,
    range_depth: usize,
}

impl TreeState<'_> {
    fn new() -> Self {
        TreeState {
            token: [Item::empty(), Item::empty(), Item::empty()],
            peek_count: 0,
            vars: vec!["$".to_string()],
            action_line: 0,
            range_depth: 0,
        }
    }
}

/// What `itemList` stops at, besides EOF (Go's internal end/else nodes).
enum Stop {
    End,
    /// `{{else}}`, or the `else` of `{{else if}}`/`{{else with}}`.
    Else {
        pos: usize,
    },
}

/// A parsed node or one of the internal end/else markers.
enum Parsed {
    Node(Node),
    Stop(Stop),
}

/// Why parsing stopped.
pub enum Fail {
    /// A template error, as Go reports it.
    Parse(ParseError),
    /// Nesting beyond [`Parser::max_depth`]: the caller retries on a thread
    /// with a bigger stack (Go has no limit, so neither may we).
    TooDeep,
}

type PResult<T> = Result<T, Fail>;

pub struct Parser<'a, 'f> {
    lex: Lexer<'a>,
    st: TreeState<'a>,
    parse_name: &'a str,
    source: Arc<str>,
    funcs: &'f dyn Fn(&str) -> bool,
    pub trees: IndexMap<String, Tree>,
    /// Current recursion depth (control structures and parentheses).
    depth: usize,
    pub max_depth: usize,
}

impl<'a, 'f> Parser<'a, 'f> {
    pub fn new(
        name: &'a str,
        text: &'a str,
        funcs: &'f dyn Fn(&str) -> bool,
        opts: ParseOptions,
    ) -> Self {
        let mut lex = Lexer::new(text);
        lex.comment_newlines = opts.comment_newlines;
        lex.break_ok = !funcs("break");
        lex.continue_ok = !funcs("continue");
        Parser {
            lex,
            st: TreeState::new(),
            parse_name: name,
            source: Arc::from(text),
            funcs,
            trees: IndexMap::new(),
            depth: 0,
            max_depth: usize::MAX,
        }
    }

    // ---- look-ahead buffer, exactly Go's ----

    fn next(&mut self) -> Item<'a> {
        if self.st.peek_count > 0 {
            self.st.peek_count -= 1;
        } else {
            self.st.token[0] = self.lex.next_item();
        }
        self.st.token[self.st.peek_count]
    }

    fn backup(&mut self) {
        self.st.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item<'a>) {
        self.st.token[1] = t1;
        self.st.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item<'a>, t1: Item<'a>) {
        self.st.token[1] = t1;
        self.st.token[2] = t2;
        self.st.peek_count = 3;
    }

    fn peek(&mut self) -> Item<'a> {
        if self.st.peek_count > 0 {
            return self.st.token[self.st.peek_count - 1];
        }
        self.st.peek_count = 1;
        self.st.token[0] = self.lex.next_item();
        self.st.token[0]
    }

    fn next_non_space(&mut self) -> Item<'a> {
        loop {
            let t = self.next();
            if t.typ != ItemType::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        let t = self.next_non_space();
        self.backup();
        t
    }

    // ---- errors ----

    fn errorf<T>(&self, message: String) -> PResult<T> {
        Err(Fail::Parse(ParseError {
            template: self.parse_name.to_string(),
            line: self.st.token[0].line,
            message,
        }))
    }

    /// Counts one level of recursion; see [`Fail::TooDeep`].
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Fail::TooDeep);
        }
        Ok(())
    }

    fn unexpected<T>(&self, token: &Item<'a>, context: &str) -> PResult<T> {
        if token.typ == ItemType::Error {
            let message = &self.lex.error;
            let mut extra = String::new();
            if self.st.action_line != 0 && self.st.action_line != token.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.parse_name, self.st.action_line
                );
                if message.ends_with(" action") {
                    extra.drain(.." in action".len());
                }
            }
            return self.errorf(format!("{message}{extra}"));
        }
        self.errorf(format!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item<'a>> {
        let token = self.next_non_space();
        if token.typ != expected {
            return self.unexpected(&token, context);
        }
        Ok(token)
    }

    fn has_function(&self, name: &str) -> bool {
        BUILTINS.contains(&name) || (self.funcs)(name)
    }

    // ---- trees ----

    /// Parses the whole input as the top-level template (Go's `Tree.Parse`).
    pub fn parse_top(&mut self) -> PResult<()> {
        let root_pos = self.peek().pos;
        let mut root = ListNode {
            pos: root_pos,
            nodes: Vec::new(),
        };
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed::Stop(Stop::End) => return self.errorf("unexpected {{end}}".into()),
                Parsed::Stop(Stop::Else { .. }) => {
                    return self.errorf("unexpected {{else}}".into());
                }
                Parsed::Node(n) => root.nodes.push(n),
            }
        }
        self.add(self.parse_name.to_string(), root)
    }

    /// Go's `Tree.add`: a later definition may replace an empty one; two
    /// non-empty ones conflict.
    fn add(&mut self, name: String, root: ListNode) -> PResult<()> {
        let old_empty = self.trees.get(&name).map(|old| is_empty_tree(&old.root));
        if old_empty == Some(false) {
            if !is_empty_tree(&root) {
                return self.errorf(format!(
                    "template: multiple definition of template {}",
                    quote_prefix(&name, usize::MAX)
                ));
            }
            return Ok(());
        }
        let tree = Tree {
            name: name.clone(),
            root,
            source: self.source.clone(),
        };
        self.trees.insert(name, tree);
        Ok(())
    }

    /// Runs `f` with a fresh per-tree state, as Go does for nested trees.
    fn with_subtree<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let saved = std::mem::replace(&mut self.st, TreeState::new());
        let r = f(self);
        if r.is_ok() {
            self.st = saved;
        }
        r
    }

    fn parse_definition(&mut self) -> PResult<()> {
        self.with_subtree(|p| {
            const CONTEXT: &str = "define clause";
            let name = p.next_non_space();
            if !matches!(name.typ, ItemType::String | ItemType::RawString) {
                return p.unexpected(&name, CONTEXT);
            }
            let name = match unquote(name.val) {
                Ok(s) => s,
                Err(e) => return p.errorf(e.into()),
            };
            p.expect(ItemType::RightDelim, CONTEXT)?;
            let (root, end) = p.item_list()?;
            if let Stop::Else { .. } = end {
                return p.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}"));
            }
            p.add(name, root)
        })
    }

    /// Go's `itemList`: nodes up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> PResult<(ListNode, Stop)> {
        let pos = self.peek_non_space().pos;
        let mut list = ListNode {
            pos,
            nodes: Vec::new(),
        };
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::Stop(s) => return Ok((list, s)),
                Parsed::Node(n) => list.nodes.push(n),
            }
        }
        self.errorf("unexpected EOF".into())
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Text => Ok(Parsed::Node(Node::Text(TextNode {
                pos: token.pos,
                text: token.val.to_owned(),
            }))),
            ItemType::LeftDelim => {
                self.st.action_line = token.line;
                let r = self.action();
                self.st.action_line = 0;
                r
            }
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        let node = match token.typ {
            ItemType::Block => return self.block_control(),
            ItemType::Break | ItemType::Continue => {
                let (word, outside) = if token.typ == ItemType::Break {
                    ("{{break}}", "{{break}} outside {{range}}")
                } else {
                    ("{{continue}}", "{{continue}} outside {{range}}")
                };
                let t = self.next_non_space();
                if t.typ != ItemType::RightDelim {
                    return self.unexpected(&t, word);
                }
                if self.st.range_depth == 0 {
                    return self.errorf(outside.into());
                }
                let (pos, line) = (token.pos, token.line);
                if token.typ == ItemType::Break {
                    Node::Break { pos, line }
                } else {
                    Node::Continue { pos, line }
                }
            }
            ItemType::Else => return self.else_control(),
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                return Ok(Parsed::Stop(Stop::End));
            }
            ItemType::If => Node::If(self.parse_control("if")?),
            ItemType::Range => Node::Range(self.parse_control("range")?),
            ItemType::With => Node::With(self.parse_control("with")?),
            ItemType::Template => self.template_control()?,
            _ => {
                self.backup();
                let token = self.peek();
                // Variables are not popped here: they persist until "end".
                let pipe = self.pipeline("command", ItemType::RightDelim)?;
                Node::Action(ActionNode {
                    pos: token.pos,
                    line: token.line,
                    pipe,
                })
            }
        };
        Ok(Parsed::Node(node))
    }

    fn else_control(&mut self) -> PResult<Parsed> {
        let peek = self.peek_non_space();
        // "{{else if ..." and "{{else with ..." leave the keyword pending.
        if matches!(peek.typ, ItemType::If | ItemType::With) {
            return Ok(Parsed::Stop(Stop::Else { pos: peek.pos }));
        }
        let token = self.expect(ItemType::RightDelim, "else")?;
        Ok(Parsed::Stop(Stop::Else { pos: token.pos }))
    }

    fn parse_control(&mut self, context: &str) -> PResult<BranchNode> {
        self.enter()?;
        let nvars = self.st.vars.len();
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        let is_range = context == "range";
        if is_range {
            self.st.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if is_range {
            self.st.range_depth -= 1;
        }
        let mut else_list = None;
        if let Stop::Else { pos } = next {
            // {{if a}}_{{else if b}}_{{end}} is {{if a}}_{{else}}{{if b}}_{{end}}{{end}}:
            // the nested branch consumes the one {{end}}.
            let nested = match (context, self.peek().typ) {
                ("if", ItemType::If) => Some("if"),
                ("with", ItemType::With) => Some("with"),
                _ => None,
            };
            if let Some(kw) = nested {
                self.next();
                let b = self.parse_control(kw)?;
                let n = if kw == "if" {
                    Node::If(b)
                } else {
                    Node::With(b)
                };
                else_list = Some(ListNode {
                    pos,
                    nodes: vec![n],
                });
            } else {
                let (l, next) = self.item_list()?;
                if let Stop::Else { .. } = next {
                    return self.errorf("expected end; found {{else}}".into());
                }
                else_list = Some(l);
            }
        }
        self.st.vars.truncate(nvars);
        self.depth -= 1;
        Ok(BranchNode {
            pos: pipe.pos,
            line: pipe.line,
            pipe,
            list,
            else_list,
        })
    }

    fn parse_template_name(&mut self, token: &Item<'a>, context: &str) -> PResult<String> {
        match token.typ {
            ItemType::String | ItemType::RawString => match unquote(token.val) {
                Ok(s) => Ok(s),
                Err(e) => self.errorf(e.into()),
            },
            _ => self.unexpected(token, context),
        }
    }

    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemType::RightDelim)?);
        }
        Ok(Node::Template(TemplateNode {
            pos: token.pos,
            line: token.line,
            name,
            pipe,
        }))
    }

    /// `{{block "name" pipe}}body{{end}}` = a definition plus a template call.
    fn block_control(&mut self) -> PResult<Parsed> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        // The body is a tree of its own: fresh look-ahead and variables.
        let parent = std::mem::replace(&mut self.st, TreeState::new());
        self.enter()?;
        let (root, end) = self.item_list()?;
        self.depth -= 1;
        let body = std::mem::replace(&mut self.st, parent);
        if let Stop::Else { .. } = end {
            // Reported with the outer tree's (stale) token line, as Go does.
            return self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}"));
        }
        let parent = std::mem::replace(&mut self.st, body);
        self.add(name.clone(), root)?;
        self.st = parent;
        let node = TemplateNode {
            pos: token.pos,
            line: token.line,
            name,
            pipe: Some(pipe),
        };
        Ok(Parsed::Node(Node::Template(node)))
    }

    // ---- pipelines ----
}
