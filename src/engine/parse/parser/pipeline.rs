//! Pipelines and operands: the expression half of the parser (Go's
//! `pipeline`, `command`, `operand`, `term`). A child module of
//! [`super`] so that it shares the look-ahead buffer and per-tree state.

use super::{PResult, Parser};
use crate::engine::parse::ast::*;
use crate::engine::parse::lex::ItemType;
use crate::engine::parse::number::new_number;
use crate::engine::parse::strconv::{quote_prefix, unquote};

impl<'a> Parser<'a, '_> {
    pub(super) fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<PipeNode> {
        let token = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: token.pos,
            line: token.line,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Declarations or assignments? Spaces are tokens, so "$x foo" needs
        // three tokens of look-ahead to tell an argument from "$x := foo".
        loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            self.next();
            let token_after_variable = self.peek();
            let next = self.peek_non_space();
            let var = || VariableNode {
                pos: v.pos,
                ident: vec![v.val.to_string()],
            };
            match next.typ {
                ItemType::Assign | ItemType::Declare => {
                    pipe.is_assign = next.typ == ItemType::Assign;
                    self.next_non_space();
                    pipe.decl.push(var());
                    self.st.vars.push(v.val.to_string());
                }
                ItemType::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(var());
                    self.st.vars.push(v.val.to_string());
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().typ {
                            ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                                continue; // the second variable of a range
                            }
                            _ => return self.errorf("range can only initialize variables".into()),
                        }
                    }
                    return self.errorf(format!("too many declarations in {context}"));
                }
                _ if token_after_variable.typ == ItemType::Space => {
                    self.backup3(v, token_after_variable);
                }
                _ => self.backup2(v),
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format!("missing value for {context}"));
        }
        // Only the first command may start with a non-executable operand.
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args[0],
                Arg::Bool { .. }
                    | Arg::Dot { .. }
                    | Arg::Nil { .. }
                    | Arg::Number(_)
                    | Arg::String(_)
            ) {
                return self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<CommandNode> {
        let pos = self.peek_non_space().pos;
        let mut cmd = CommandNode {
            pos,
            args: Vec::with_capacity(4),
        };
        loop {
            self.peek_non_space(); // skip leading spaces
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let token = self.next();
            match token.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command".into());
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != ItemType::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut field = Vec::new();
        while self.peek().typ == ItemType::Field {
            field.push(self.next().val[1..].to_string());
        }
        // Fields on a field or variable just extend it (Go keeps the chain's
        // position); fields on a literal are errors; anything else chains.
        Ok(Some(match node {
            Arg::Field(mut f) => {
                f.ident.extend(field);
                f.pos = pos;
                Arg::Field(f)
            }
            Arg::Variable(mut v) => {
                v.ident.extend(field);
                v.pos = pos;
                Arg::Variable(v)
            }
            Arg::Bool { .. }
            | Arg::String(_)
            | Arg::Number(_)
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                let s = quote_prefix(&node.to_string(), usize::MAX);
                return self.errorf(format!("unexpected . after term {s}"));
            }
            node => Arg::Chain(ChainNode {
                pos,
                node: Box::new(node),
                field,
            }),
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        Ok(Some(match token.typ {
            ItemType::Identifier => {
                if !self.has_function(token.val) {
                    let q = quote_prefix(token.val, usize::MAX);
                    return self.errorf(format!("function {q} not defined"));
                }
                Arg::Identifier {
                    pos,
                    name: token.val.to_owned(),
                }
            }
            ItemType::Dot => Arg::Dot { pos },
            ItemType::Nil => Arg::Nil { pos },
            ItemType::Variable => {
                if !self.st.vars.iter().any(|v| *v == token.val) {
                    let q = quote_prefix(token.val, usize::MAX);
                    return self.errorf(format!("undefined variable {q}"));
                }
                Arg::Variable(VariableNode {
                    pos,
                    ident: chain_start(token.val.to_owned()),
                })
            }
            ItemType::Field => Arg::Field(FieldNode {
                pos,
                ident: chain_start(token.val[1..].to_string()),
            }),
            ItemType::Bool => Arg::Bool {
                pos,
                value: token.val == "true",
            },
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                match new_number(pos, token.val, token.typ) {
                    Ok(n) => Arg::Number(n),
                    Err(e) => return self.errorf(e),
                }
            }
            ItemType::LeftParen => {
                self.enter()?;
                let pipe = self.pipeline("parenthesized pipeline", ItemType::RightParen)?;
                self.depth -= 1;
                Arg::Pipe(Box::new(pipe))
            }
            ItemType::String | ItemType::RawString => match unquote(token.val) {
                Ok(text) => Arg::String(StringNode {
                    pos,
                    quoted: token.val.to_owned(),
                    text,
                }),
                Err(e) => return self.errorf(e.into()),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// The first name of a field chain, with room for the ones that usually
/// follow (`.Values.a.b`), so that extending it does not reallocate.
fn chain_start(name: String) -> Vec<String> {
    let mut ident = Vec::with_capacity(4);
    ident.push(name);
    ident
}
