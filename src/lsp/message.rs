//! JSON-RPC 2.0 messages: what a frame's body means, and the messages the server sends.
//!
//! Ids are kept as the client wrote them (any number or string), and a body that is not a
//! valid message yields the error to answer with, carrying its id whenever one can be read.

use serde_json::{json, Value};

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const SERVER_NOT_INITIALIZED: i64 = -32002;
pub const REQUEST_CANCELLED: i64 = -32800;

/// A message from the client.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// An answer to one of the server's requests (nothing waits for it).
    Response,
}

/// A body that is not a message: the error response it gets.
#[derive(Debug, PartialEq)]
pub struct Invalid {
    /// The message's id, or null when none could be read.
    pub id: Value,
    pub code: i64,
    pub message: String,
}

impl Invalid {
    pub fn new(id: Value, code: i64, message: impl Into<String>) -> Self {
        Invalid {
            id,
            code,
            message: message.into(),
        }
    }

    pub fn response(&self) -> Value {
        error_response(self.id.clone(), self.code, &self.message)
    }
}

/// Read a frame's body as a message.
pub fn parse(body: &[u8]) -> Result<Incoming, Invalid> {
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            // Still answer the request, if its id can be read around the bad bytes.
            let lossy = String::from_utf8_lossy(body);
            let id = serde_json::from_str::<Value>(&lossy)
                .ok()
                .and_then(|v| v.get("id").filter(|id| valid_id(id)).cloned())
                .unwrap_or(Value::Null);
            let why = format!("消息不是 UTF-8 编码（第 {} 字节处）", e.valid_up_to());
            return Err(Invalid::new(id, PARSE_ERROR, why));
        }
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Invalid::new(
            Value::Null,
            PARSE_ERROR,
            format!("消息不是有效的 JSON：{e}"),
        )
    })?;
    let Value::Object(mut object) = value else {
        return Err(Invalid::new(
            Value::Null,
            INVALID_REQUEST,
            "消息不是 JSON 对象",
        ));
    };
    let id = object.remove("id");
    if let Some(id) = &id {
        if !valid_id(id) {
            return Err(Invalid::new(
                Value::Null,
                INVALID_REQUEST,
                format!("无效的 id：{id}"),
            ));
        }
    }
    let params = object.remove("params").unwrap_or(Value::Null);
    match (object.remove("method"), id) {
        (Some(Value::String(method)), Some(id)) => Ok(Incoming::Request { id, method, params }),
        (Some(Value::String(method)), None) => Ok(Incoming::Notification { method, params }),
        (Some(method), id) => Err(Invalid::new(
            id.unwrap_or(Value::Null),
            INVALID_REQUEST,
            format!("method 应为字符串：{method}"),
        )),
        (None, Some(_)) if object.contains_key("result") || object.contains_key("error") => {
            Ok(Incoming::Response)
        }
        (None, id) => Err(Invalid::new(
            id.unwrap_or(Value::Null),
            INVALID_REQUEST,
            "消息既不是请求、通知，也不是回复",
        )),
    }
}

/// JSON-RPC ids are numbers or strings (null only in answers to unreadable messages).
fn valid_id(id: &Value) -> bool {
    matches!(id, Value::Number(_) | Value::String(_))
}

pub fn response(id: Value, result: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}

pub fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

pub fn notification(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "method": method, "params": params})
}

pub fn request(id: Value, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(body: &[u8]) -> (Value, i64) {
        let e = parse(body).unwrap_err();
        (e.id, e.code)
    }

    #[test]
    fn messages_of_every_kind() {
        assert_eq!(
            parse(br#"{"jsonrpc":"2.0","id":12345678901,"method":"m","params":{"a":1}}"#),
            Ok(Incoming::Request {
                id: json!(12345678901u64),
                method: "m".into(),
                params: json!({"a": 1})
            })
        );
        assert_eq!(
            parse(br#"{"jsonrpc":"2.0","method":"n"}"#),
            Ok(Incoming::Notification {
                method: "n".into(),
                params: Value::Null
            })
        );
        assert_eq!(
            parse(br#"{"jsonrpc":"2.0","id":"s","result":null}"#),
            Ok(Incoming::Response)
        );
    }

    #[test]
    fn what_is_not_a_message_gets_its_error_with_the_id_when_known() {
        assert_eq!(invalid(b"{\"id\":1,"), (Value::Null, PARSE_ERROR));
        assert_eq!(invalid(b"[1]"), (Value::Null, INVALID_REQUEST));
        assert_eq!(
            invalid(br#"{"id":{},"method":"m"}"#),
            (Value::Null, INVALID_REQUEST)
        );
        assert_eq!(
            invalid(br#"{"id":7,"method":3}"#),
            (json!(7), INVALID_REQUEST)
        );
        assert_eq!(invalid(br#"{"id":"x"}"#), (json!("x"), INVALID_REQUEST));
        let mut body = br#"{"id":9,"method":"m","params":{"t":""#.to_vec();
        body.extend_from_slice(&[0xff, 0xfe]);
        body.extend_from_slice(br#""}}"#);
        let e = parse(&body).unwrap_err();
        assert_eq!(
            e,
            Invalid::new(json!(9), PARSE_ERROR, "消息不是 UTF-8 编码（第 36 字节处）")
        );
        assert_eq!(
            e.response(),
            json!({"jsonrpc": "2.0", "id": 9, "error": {"code": -32700, "message": e.message}})
        );
    }
}
