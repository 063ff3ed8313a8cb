//! The endpoints: the original system's four reads and resolve by
//! timestamp, with their exact JSON shapes; issues by id; watched files;
//! the changes operators make.

mod changes;
mod heal;
mod hosts;
mod params;
mod reads;

pub(super) use changes::set_resolved;

pub(crate) use changes::{set_acknowledged, set_group_resolved, silence_issue, silence_type};
pub(crate) use heal::{actions, heal, reset_breaker};
pub(crate) use hosts::hosts;
pub(crate) use params::{SignalQuery, parse_explain, parse_limit, silence_until, too_large};
pub(super) use reads::{critical, files, groups, health, issue, recent, statistics};
