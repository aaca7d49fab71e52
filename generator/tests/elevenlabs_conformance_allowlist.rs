//! The operations `conformance/allowlist.txt` excuses against Prism, each shown right on the
//! wire here instead: the request (method, path, query, body or parts) and a reply of the
//! smallest schema-valid shape, which must decode. Prism cannot serve them (binary responses
//! without a schema, its faker's crashes) or serves the document's own examples, which break
//! their schemas.

#![allow(deprecated)]

#[macro_use]
mod wire;

use elevenlabs::File;
use elevenlabs::types::{AudioIsolationRequest, AudioIsolationStreamRequest};

case!(audio_isolation_convert: POST "/v1/audio-isolation",
    parts ["audio"],
    reply bytes: "audio",
    |c| c.audio_isolation().convert(&AudioIsolationRequest::new(File::from_bytes("wav"))));

case!(audio_isolation_stream: POST "/v1/audio-isolation/stream",
    parts ["audio"],
    reply bytes: "audio",
    |c| c.audio_isolation().stream(&AudioIsolationStreamRequest::new(File::from_bytes("wav"))));

case!(conversational_ai_agents_get: GET "/v1/convai/agents/agent_1",
    reply json: {
        "agent_id": "x", "name": "x", "conversation_config": {},
        "metadata": {"created_at_unix_secs": 1, "updated_at_unix_secs": 1}
    },
    |c| c.conversational_ai().agents().get("agent_1"));

case!(conversational_ai_agents_update: PATCH "/v1/convai/agents/agent_1",
    sends {"name": "renamed"},
    reply json: {
        "agent_id": "x", "name": "renamed", "conversation_config": {},
        "metadata": {"created_at_unix_secs": 1, "updated_at_unix_secs": 1}
    },
    |c| c.conversational_ai().agents().update("agent_1").name("renamed"));

case!(conversational_ai_agents_branches_preview_merge:
    GET "/v1/convai/agents/agent_1/branches/branch_1/merge-preview" ? "target_branch_id=main",
    reply json: {
        "agent_id": "x", "name": "x", "conversation_config": {},
        "metadata": {"created_at_unix_secs": 1, "updated_at_unix_secs": 1}
    },
    |c| c.conversational_ai().agents().branches()
        .preview_merge("agent_1", "branch_1", "main"));

case!(conversational_ai_agents_branches_preview_rebase: GET "/v1/convai/agents/agent_1/branches/branch_1/rebase-preview",
    reply json: {
        "agent_id": "x", "name": "x", "conversation_config": {},
        "metadata": {"created_at_unix_secs": 1, "updated_at_unix_secs": 1}
    },
    |c| c.conversational_ai().agents().branches().preview_rebase("agent_1", "branch_1"));

case!(conversational_ai_agents_procedures_compile:
    POST "/v1/convai/agents/agent_1/branches/branch_1/procedures/compile",
    reply json: {"workflow": {"edges": {}, "nodes": {}, "prevent_subagent_loops": true}},
    |c| c.conversational_ai().agents().procedures().compile("agent_1", "branch_1"));

case!(conversational_ai_tools_create: POST "/v1/convai/tools",
    body b = {"tool_config": {"name": "x", "description": "x", "type": "client"}},
    reply json: {
        "id": "x", "tool_config": {"name": "x", "description": "x", "type": "client"},
        "access_info": {"is_creator": true, "creator_name": "x", "creator_email": "x", "role": "admin"},
        "usage_stats": {"avg_latency_secs": 0.5}
    },
    |c| c.conversational_ai().tools().create(&b));

case!(conversational_ai_tools_get: GET "/v1/convai/tools/tool_1",
    reply json: {
        "id": "x", "tool_config": {"name": "x", "description": "x", "type": "client"},
        "access_info": {"is_creator": true, "creator_name": "x", "creator_email": "x", "role": "admin"},
        "usage_stats": {"avg_latency_secs": 0.5}
    },
    |c| c.conversational_ai().tools().get("tool_1"));

case!(conversational_ai_tools_list: GET "/v1/convai/tools",
    reply json: {"tools": [], "has_more": true},
    |c| c.conversational_ai().tools().list());
