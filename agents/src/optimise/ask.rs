//! LLM calls as logged steps: each call's prompt and reply go to the
//! journal under its key, a resumed run replays the reply instead of asking
//! again, and every reply, live or replayed, is counted per agent.

use std::sync::Mutex;

use anyhow::Result;
use tokio::runtime::Handle;

use super::chat::{Chat, ChatError, ChatRequest, Reply, Usage};
use super::event::LoggedChat;
use super::journal::Journal;

/// A [`Chat`] with the run's token tally, called from the loop's thread.
pub struct Asker<'a> {
    chat: &'a dyn Chat,
    runtime: Handle,
    usage: Mutex<Usage>,
}

impl<'a> Asker<'a> {
    pub fn new(chat: &'a dyn Chat, runtime: Handle) -> Self {
        Asker { chat, runtime, usage: Mutex::default() }
    }

    /// One LLM call as the logged step `key`.
    pub fn ask(&self, journal: &mut Journal, key: &str, request: &ChatRequest) -> Result<Reply> {
        let (logged, _) = journal.step(key, || {
            let reply = self.complete_now(request)?;
            Ok(LoggedChat { system: request.system.clone(), prompt: request.user.clone(), reply })
        })?;
        self.count(&logged.reply);
        Ok(logged.reply)
    }

    /// One call outside the journal (its caller logs the reply); not counted
    /// until [`Asker::count`] is.
    pub async fn complete(&self, request: &ChatRequest) -> Result<Reply, ChatError> {
        self.chat.complete(request).await
    }

    /// Tokens of every reply counted so far.
    pub fn usage(&self) -> Usage {
        self.usage.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Counts a reply, live or replayed from the log.
    pub fn count(&self, reply: &Reply) {
        self.usage.lock().unwrap_or_else(|e| e.into_inner()).add(reply);
    }

    /// Counts replies spent before this tally started (a run's input
    /// generators, before its loop).
    pub fn count_usage(&self, usage: &Usage) {
        self.usage.lock().unwrap_or_else(|e| e.into_inner()).merge(usage);
    }

    pub fn runtime(&self) -> &Handle {
        &self.runtime
    }

    fn complete_now(&self, request: &ChatRequest) -> Result<Reply> {
        self.runtime.block_on(self.chat.complete(request)).map_err(|e| match e {
            ChatError::Cancelled => anyhow::anyhow!("interrupted"),
            e => anyhow::Error::new(e),
        })
    }
}
