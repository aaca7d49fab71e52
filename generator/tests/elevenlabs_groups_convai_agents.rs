//! One operation of each group of the conversational AI agents and what they use: agents and their
//! branches, drafts, versions and widgets, tests, tools, MCP servers, LLMs and the knowledge base,
//! on the wire against a mock server: method, path with its parameters, required query parameters,
//! the JSON body or multipart parts, and a reply with the fields its response schema requires,
//! which must decode. Bodies and replies are the smallest the OpenAPI document allows (see
//! `wire::case!`).

#![allow(deprecated)] // deprecated operations are on the wire too

#[macro_use]
mod wire;

use elevenlabs::File;
use elevenlabs::types::{EmbeddingModelEnum, PostAgentAvatarRequest};

case!(conversational_ai_agents_duplicate: POST "/v1/convai/agents/agent_1/duplicate",
    sends {"name": "Copy"},
    reply json: {"agent_id": "x"},
    |c| c.conversational_ai().agents().duplicate("agent_1").name("Copy"));

case!(conversational_ai_agents_branches_update: PATCH "/v1/convai/agents/agent_1/branches/branch_1",
    sends {"is_archived": true},
    reply json: {
        "id": "x", "name": "x", "agent_id": "x", "description": "x", "created_at": 1, "last_committed_at": 1,
        "is_archived": true
    },
    |c| c.conversational_ai().agents().branches().update("agent_1", "branch_1").is_archived(true));

case!(conversational_ai_agents_deployments_create: POST "/v1/convai/agents/agent_1/deployments",
    body b = {"deployment_request": {"requests": []}},
    reply json: {},
    |c| c.conversational_ai().agents().deployments().create("agent_1", &b));

case!(conversational_ai_agents_drafts_create: POST "/v1/convai/agents/agent_1/drafts" ? "branch_id=x",
    body b = {"conversation_config": {}, "platform_settings": {}, "workflow": {}, "name": "x"},
    reply json: {},
    |c| c.conversational_ai().agents().drafts()
        .create("agent_1", "x", &b));

case!(conversational_ai_agents_knowledge_base_size: GET "/v1/convai/agent/agent_1/knowledge-base/size",
    reply json: {"number_of_pages": 0.5},
    |c| c.conversational_ai().agents().knowledge_base().size("agent_1"));

case!(conversational_ai_agents_link_get: GET "/v1/convai/agents/agent_1/link",
    reply json: {"agent_id": "x"},
    |c| c.conversational_ai().agents().link().get("agent_1"));

case!(conversational_ai_agents_llm_usage_calculate: POST "/v1/convai/agent/agent_1/llm-usage/calculate",
    sends {},
    reply json: {"llm_prices": []},
    |c| c.conversational_ai().agents().llm_usage().calculate("agent_1"));

case!(conversational_ai_agents_procedures_create: POST "/v1/convai/agents/agent_1/branches/branch_1/procedures",
    sends {"name": "Refunds"},
    reply json: {"procedure_id": "x"},
    |c| c.conversational_ai().agents().procedures().create("agent_1", "branch_1").name("Refunds"));

case!(conversational_ai_agents_procedures_drafts_update:
    PATCH "/v1/convai/agents/agent_1/branches/branch_1/procedures/procedure_1/draft",
    body b = {"name": "x", "content": "x", "type": "free_form"},
    reply json: {"procedure_id": "x", "name": "x", "content": "x"},
    |c| c.conversational_ai().agents().procedures().drafts().update("agent_1", "branch_1", "procedure_1", &b));

// A list in the query is one `name=value` pair per item (form encoding: a space is `+`).
case!(conversational_ai_agents_summaries_get:
    GET "/v1/convai/agents/summaries" ? "agent_ids=agent_1&agent_ids=agent+2",
    reply json: {
        "agent_1": {
            "status": "success",
            "data": {
                "agent_id": "agent_1", "name": "x", "tags": [], "created_at_unix_secs": 1,
                "access_info": {"is_creator": true, "creator_name": "x", "creator_email": "x", "role": "admin"}
            }
        },
        "failed_1": {"status": "failure", "error_code": 404, "error_status": "not_found", "error_message": "x"}
    },
    |c| c.conversational_ai().agents().summaries()
        .get(&["agent_1".into(), "agent 2".into()]));

case!(conversational_ai_agents_versions_get: GET "/v1/convai/agents/agent_1/versions/version_1",
    reply json: {
        "id": "x", "agent_id": "x", "branch_id": "x", "version_description": "x", "seq_no_in_branch": 1,
        "time_committed_secs": 1, "parents": {}
    },
    |c| c.conversational_ai().agents().versions().get("agent_1", "version_1"));

case!(conversational_ai_agents_widget_get: GET "/v1/convai/agents/agent_1/widget",
    reply json: {"agent_id": "x", "widget_config": {"language": "x"}},
    |c| c.conversational_ai().agents().widget().get("agent_1"));

case!(conversational_ai_agents_widget_avatar_create: POST "/v1/convai/agents/agent_1/avatar",
    parts ["avatar_file"],
    reply json: {"agent_id": "x"},
    |c| c.conversational_ai().agents().widget().avatar()
        .create("agent_1", &PostAgentAvatarRequest::new(File::from_bytes("audio"))));

case!(conversational_ai_knowledge_base_get_or_create_rag_indexes: POST "/v1/convai/knowledge-base/rag-index",
    body b = {"items": [{"document_id": "x", "create_if_missing": true, "model": "e5_mistral_7b_instruct"}]},
    reply json: {
        "document_1": {
            "status": "success",
            "data": {
                "id": "x", "model": "e5_mistral_7b_instruct", "status": "new", "progress_percentage": 0.5,
                "document_model_index_usage": {"used_bytes": 1}
            }
        },
        "failed_1": {"status": "failure", "error_code": 404, "error_status": "not_found", "error_message": "x"}
    },
    |c| c.conversational_ai().knowledge_base().get_or_create_rag_indexes(&b));

case!(conversational_ai_knowledge_base_crawl_jobs_create: POST "/v1/convai/knowledge-base/crawl",
    body b = {"url": "x"},
    reply json: {"id": "x", "type": "discovery", "root_folder_id": "x", "status": "x", "created_at": 1},
    |c| c.conversational_ai().knowledge_base().crawl_jobs().create(&b));

case!(conversational_ai_knowledge_base_document_compute_rag_index:
    POST "/v1/convai/knowledge-base/documentation_1/rag-index",
    body b = {"model": "e5_mistral_7b_instruct"},
    reply json: {
        "id": "x", "model": "e5_mistral_7b_instruct", "status": "new", "progress_percentage": 0.5,
        "document_model_index_usage": {"used_bytes": 1}
    },
    |c| c.conversational_ai().knowledge_base().document().compute_rag_index("documentation_1", &b));

case!(conversational_ai_knowledge_base_documents_update: PATCH "/v1/convai/knowledge-base/documentation_1",
    sends {"name": "FAQ"},
    reply json: {
        "id": "x", "name": "x",
        "metadata": {"created_at_unix_secs": 1, "last_updated_at_unix_secs": 1, "size_bytes": 1},
        "supported_usages": [],
        "access_info": {"is_creator": true, "creator_name": "x", "creator_email": "x", "role": "admin"},
        "type": "url", "url": "x", "extracted_inner_html": "x"
    },
    |c| c.conversational_ai().knowledge_base().documents().update("documentation_1").name("FAQ"));

case!(conversational_ai_knowledge_base_documents_chunk_get:
    GET "/v1/convai/knowledge-base/documentation_1/chunk/chunk_1",
    reply json: {"id": "x", "name": "x", "content": "x"},
    |c| c.conversational_ai().knowledge_base().documents().chunk()
        .get("documentation_1", "chunk_1"));

case!(conversational_ai_knowledge_base_documents_chunks_list:
GET "/v1/convai/knowledge-base/documentation_1/chunks" ? "embedding_model=multilingual_e5_large_instruct",
reply json: {"chunks": []},
|c| c.conversational_ai().knowledge_base().documents().chunks().list(
    "documentation_1",
    &EmbeddingModelEnum::MultilingualE5LargeInstruct,
));

case!(conversational_ai_knowledge_base_documents_summaries_get:
    GET "/v1/convai/knowledge-base/summaries" ? "document_ids=x",
    reply json: {
        "document_1": {
            "status": "success",
            "data": {
                "id": "x", "name": "x",
                "metadata": {"created_at_unix_secs": 1, "last_updated_at_unix_secs": 1, "size_bytes": 1},
                "supported_usages": [], "dependent_agents": [], "type": "file",
                "access_info": {"is_creator": true, "creator_name": "x", "creator_email": "x", "role": "admin"}
            }
        },
        "failed_1": {"status": "failure", "error_code": 404, "error_status": "not_found", "error_message": "x"}
    },
    |c| c.conversational_ai().knowledge_base().documents().summaries()
        .get(&["x".into()]));

case!(conversational_ai_llm_list: GET "/v1/convai/llm/list",
    reply json: {
        "llms": [],
        "default_deprecation_config": {
            "warning_start_days": 1, "fallback_start_days": 1, "fallback_complete_days": 1,
            "fallback_start_percentage": 1, "fallback_complete_percentage": 1
        }
    },
    |c| c.conversational_ai().llm().list());

case!(conversational_ai_llm_usage_calculate: POST "/v1/convai/llm-usage/calculate",
    body b = {"prompt_length": 1, "number_of_pages": 1, "rag_enabled": true},
    reply json: {"llm_prices": []},
    |c| c.conversational_ai().llm_usage().calculate(&b));

case!(conversational_ai_mcp_servers_update: PATCH "/v1/convai/mcp-servers/mcp_server_1",
    sends {},
    reply json: {"id": "x", "config": {"url": "x", "name": "x"}, "metadata": {"created_at": 1}},
    |c| c.conversational_ai().mcp_servers().update("mcp_server_1"));

case!(conversational_ai_mcp_servers_approval_policy_update: PATCH "/v1/convai/mcp-servers/mcp_server_1/approval-policy",
    body b = {"approval_policy": "auto_approve_all"},
    reply json: {"id": "x", "config": {"url": "x", "name": "x"}, "metadata": {"created_at": 1}},
    |c| c.conversational_ai().mcp_servers().approval_policy().update("mcp_server_1", &b));

case!(conversational_ai_mcp_servers_tool_approvals_create: POST "/v1/convai/mcp-servers/mcp_server_1/tool-approvals",
    body b = {"tool_name": "x", "tool_description": "x"},
    reply json: {"id": "x", "config": {"url": "x", "name": "x"}, "metadata": {"created_at": 1}},
    |c| c.conversational_ai().mcp_servers().tool_approvals().create("mcp_server_1", &b));

case!(conversational_ai_mcp_servers_tool_configs_update:
    PATCH "/v1/convai/mcp-servers/mcp_server_1/tool-configs/tool_name_1",
    sends {},
    reply json: {"id": "x", "config": {"url": "x", "name": "x"}, "metadata": {"created_at": 1}},
    |c| c.conversational_ai().mcp_servers().tool_configs()
        .update("mcp_server_1", "tool_name_1"));

case!(conversational_ai_mcp_servers_tools_list: GET "/v1/convai/mcp-servers/mcp_server_1/tools",
    reply json: {"success": true, "tools": []},
    |c| c.conversational_ai().mcp_servers().tools().list("mcp_server_1"));

// An arm of the request union always sends its tag (its schema leaves `type` optional).
case!(conversational_ai_tests_update: PUT "/v1/convai/agent-testing/test_1",
    body b = {"name": "x", "type": "llm"},
    reply json: {"id": "x", "name": "x", "type": "llm"},
    |c| c.conversational_ai().tests().update("test_1", &b));

case!(conversational_ai_tests_folders_update: PATCH "/v1/convai/agent-testing/folders/folder_1",
    body b = {"name": "x"},
    reply json: {"id": "x", "name": "x"},
    |c| c.conversational_ai().tests().folders().update("folder_1", &b));

case!(conversational_ai_tests_invocations_resubmit: POST "/v1/convai/test-invocations/test_invocation_1/resubmit",
    body b = {"test_run_ids": ["x"], "agent_id": "x"},
    reply json: {},
    |c| c.conversational_ai().tests().invocations().resubmit("test_invocation_1", &b));

case!(conversational_ai_tools_update: PATCH "/v1/convai/tools/tool_1",
    body b = {"tool_config": {"name": "x", "description": "x", "type": "client"}},
    reply json: {
        "id": "x", "tool_config": {"name": "x", "description": "x", "type": "client"},
        "access_info": {"is_creator": true, "creator_name": "x", "creator_email": "x", "role": "admin"},
        "usage_stats": {"avg_latency_secs": 0.5}
    },
    |c| c.conversational_ai().tools().update("tool_1", &b));

case!(conversational_ai_tools_executions_get: GET "/v1/convai/tools/tool_1/executions",
    reply json: {"executions": [], "has_more": true},
    |c| c.conversational_ai().tools().executions().get("tool_1"));
