//! One operation of each group of the conversational AI platform (agents excepted): conversations,
//! batch calls, phone numbers, telephony, secrets, settings, users, analytics, and the root
//! client's own triage-ticket operations, on the wire against a mock server: method, path with its
//! parameters, required query parameters, the JSON body or multipart parts, and a reply with the
//! fields its response schema requires, which must decode. Bodies and replies are the smallest the
//! OpenAPI document allows (see `wire::case!`).

#![allow(deprecated)] // deprecated operations are on the wire too

#[macro_use]
mod wire;

case!(client_add_ticket_comment_route: POST "/v1/convai/triage-tickets/agentqa_ticket_1/comments",
    body b = {"comment": "x"},
    reply json: {
        "agentqa_ticket_id": "x", "workspace_id": "x", "owner_user_id": "x", "agent_id": "x",
        "needs_clustering": true, "issue_type": "knowledge_gap", "labels": [], "conversation_ids": [],
        "first_seen_unix_secs": 1, "last_seen_unix_secs": 1, "qa_comment": "x", "ticket_comments": [],
        "turn_comments": [], "status": "open", "source": "qa", "assignee_user_id": "x", "created_at_unix_secs": 1,
        "updated_at_unix_secs": 1
    },
    |c| c.add_ticket_comment_route("agentqa_ticket_1", &b));

case!(agents_platform_query_knowledge_base_rag: POST "/v1/convai/agents/agent_1/knowledge-base/rag-query",
    body b = {"query": "x"},
    reply json: {"retrieval_query": "x", "chunks": []},
    |c| c.agents_platform().query_knowledge_base_rag("agent_1", &b));

case!(conversational_ai_delete_document_rag_index:
    DELETE "/v1/convai/knowledge-base/documentation_1/rag-index/rag_index_1",
    reply json: {
        "id": "x", "model": "e5_mistral_7b_instruct", "status": "new", "progress_percentage": 0.5,
        "document_model_index_usage": {"used_bytes": 1}
    },
    |c| c.conversational_ai().delete_document_rag_index("documentation_1", "rag_index_1"));

case!(conversational_ai_analytics_live_count_get: GET "/v1/convai/analytics/live-count",
    reply json: {"count": 1},
    |c| c.conversational_ai().analytics().live_count().get());

case!(conversational_ai_batch_calls_create: POST "/v1/convai/batch-calling/submit",
    body b = {"call_name": "x", "agent_id": "x", "recipients": []},
    reply json: {
        "id": "x", "phone_number_id": "x", "phone_provider": "twilio",
        "whatsapp_params": {
            "whatsapp_call_permission_request_template_name": "x",
            "whatsapp_call_permission_request_template_language_code": "x"
        },
        "name": "x", "agent_id": "x", "branch_id": "x", "environment": "x", "created_at_unix": 1,
        "scheduled_time_unix": 1, "timezone": "x", "total_calls_dispatched": 1, "total_calls_scheduled": 1,
        "total_calls_finished": 1, "last_updated_at_unix": 1, "status": "pending", "retry_count": 1,
        "telephony_call_config": {}, "target_concurrency_limit": 1, "agent_name": "x", "branch_name": "x"
    },
    |c| c.conversational_ai().batch_calls().create(&b));

case!(conversational_ai_conversations_get: GET "/v1/convai/conversations/conversation_1",
    reply json: {
        "agent_id": "x", "status": "initiated",
        "metadata": {"start_time_unix_secs": 1, "call_duration_secs": 1, "cost_fiat": 0.5}, "conversation_id": "x",
        "has_audio": true, "has_user_audio": true, "has_response_audio": true, "has_auxiliary_audio": true,
        "transcript": []
    },
    |c| c.conversational_ai().conversations().get("conversation_1"));

case!(conversational_ai_conversations_analysis_run_evaluation:
    POST "/v1/convai/conversations/conversation_1/analysis/evaluations/run",
    body b = {"evaluation_id": "x"},
    reply json: {
        "agent_id": "x", "status": "initiated",
        "metadata": {"start_time_unix_secs": 1, "call_duration_secs": 1, "cost_fiat": 0.5}, "conversation_id": "x",
        "has_audio": true, "has_user_audio": true, "has_response_audio": true, "has_auxiliary_audio": true,
        "transcript": []
    },
    |c| c.conversational_ai().conversations().analysis().run_evaluation("conversation_1", &b));

case!(conversational_ai_conversations_audio_get: GET "/v1/convai/conversations/conversation_1/audio",
    reply bytes: "audio",
    |c| c.conversational_ai().conversations().audio().get("conversation_1"));

case!(conversational_ai_conversations_feedback_create: POST "/v1/convai/conversations/conversation_1/feedback",
    sends {},
    reply json: {},
    |c| c.conversational_ai().conversations().feedback().create("conversation_1"));

case!(conversational_ai_conversations_files_delete: DELETE "/v1/convai/conversations/conversation_1/files/file_1",
    reply json: {"file_id": "x"},
    |c| c.conversational_ai().conversations().files().delete("conversation_1", "file_1"));

case!(conversational_ai_conversations_messages_search:
    GET "/v1/convai/conversations/messages/smart-search" ? "text_query=x",
    reply json: {"results": [], "has_more": true},
    |c| c.conversational_ai().conversations().messages()
        .search("x"));

case!(conversational_ai_conversations_tags_update: PATCH "/v1/convai/tags/tag_1",
    sends {},
    reply json: {
        "tag_id": "x", "workspace_id": "x", "owner_user_id": "x", "title": "x", "description": "x",
        "created_at_unix_secs": 1
    },
    |c| c.conversational_ai().conversations().tags().update("tag_1"));

case!(conversational_ai_conversations_topics_get: GET "/v1/convai/agents/agent_1/topics",
    reply json: {"topics": [], "window_start_unix_secs": 1, "window_end_unix_secs": 1},
    |c| c.conversational_ai().conversations().topics().get("agent_1"));

case!(conversational_ai_dashboard_settings_update: PATCH "/v1/convai/settings/dashboard",
    sends {},
    reply json: {},
    |c| c.conversational_ai().dashboard().settings().update());

case!(conversational_ai_exotel_outbound_call: POST "/v1/convai/exotel/outbound-call",
    body b = {"agent_id": "x", "agent_phone_number_id": "x", "to_number": "x"},
    reply json: {"success": true, "message": "x", "conversation_id": "x", "callSid": "x"},
    |c| c.conversational_ai().exotel().outbound_call(&b));

case!(conversational_ai_phone_numbers_update: PATCH "/v1/convai/phone-numbers/phone_number_1",
    sends {},
    reply json: {"phone_number": "x", "label": "x", "phone_number_id": "x", "provider": "twilio"},
    |c| c.conversational_ai().phone_numbers().update("phone_number_1"));

case!(conversational_ai_secrets_update: PATCH "/v1/convai/secrets/secret_1",
    body b = {"type": "update", "name": "x", "value": "x"},
    reply json: {"type": "stored", "secret_id": "x", "name": "x"},
    |c| c.conversational_ai().secrets().update("secret_1", &b));

case!(conversational_ai_settings_update: PATCH "/v1/convai/settings",
    sends {},
    reply json: {},
    |c| c.conversational_ai().settings().update());

case!(conversational_ai_sip_trunk_outbound_call: POST "/v1/convai/sip-trunk/outbound-call",
    body b = {"agent_id": "x", "agent_phone_number_id": "x", "to_number": "x"},
    reply json: {"success": true, "message": "x", "conversation_id": "x", "sip_call_id": "x"},
    |c| c.conversational_ai().sip_trunk().outbound_call(&b));

case!(conversational_ai_twilio_outbound_call: POST "/v1/convai/twilio/outbound-call",
    body b = {"agent_id": "x", "agent_phone_number_id": "x", "to_number": "x"},
    reply json: {"success": true, "message": "x", "conversation_id": "x", "callSid": "x"},
    |c| c.conversational_ai().twilio().outbound_call(&b));

case!(conversational_ai_users_list: GET "/v1/convai/users",
    reply json: {"users": [], "has_more": true},
    |c| c.conversational_ai().users().list());

case!(conversational_ai_whatsapp_outbound_call: POST "/v1/convai/whatsapp/outbound-call",
    body b = {
        "whatsapp_phone_number_id": "x", "whatsapp_user_id": "x",
        "whatsapp_call_permission_request_template_name": "x",
        "whatsapp_call_permission_request_template_language_code": "x", "agent_id": "x"
    },
    reply json: {"success": true, "message": "x", "conversation_id": "x"},
    |c| c.conversational_ai().whatsapp().outbound_call(&b));

case!(conversational_ai_whatsapp_accounts_update: PATCH "/v1/convai/whatsapp-accounts/phone_number_1",
    sends {},
    reply json: {},
    |c| c.conversational_ai().whatsapp_accounts().update("phone_number_1"));
