//! One operation of each group of the account and workspace groups: workspace, workspaces, service
//! accounts, user, usage, tokens, webhooks, environment variables, assets, productions, flows,
//! Studio, Audio Native, pronunciation dictionaries and the speech engine, on the wire against a
//! mock server: method, path with its parameters, required query parameters, the JSON body or
//! multipart parts, and a reply with the fields its response schema requires, which must decode.
//! Bodies and replies are the smallest the OpenAPI document allows (see `wire::case!`).

#![allow(deprecated)] // deprecated operations are on the wire too

#[macro_use]
mod wire;

use elevenlabs::types::{OrderItemKind, SingleUseTokenType};
use elevenlabs::{File, Nullable};

case!(assets_get: GET "/v1/assets/asset_1",
    reply json: {"asset_id": "x", "name": "x", "mime_type": "x", "created_at_unix": 1, "content_url": "x"},
    |c| c.assets().get("asset_1"));

case!(audio_native_update_content_from_url: POST "/v1/audio-native/content",
    body b = {"url": "x"},
    reply json: {"project_id": "x", "converting": true, "publishing": true, "html_snippet": "x"},
    |c| c.audio_native().update_content_from_url(&b));

case!(environment_variables_update: PATCH "/v1/convai/environment-variables/env_var_1",
    body b = {"values": {}},
    reply json: {
        "label": "x", "created_at_unix_secs": 1, "updated_at_unix_secs": 1, "type": "string", "id": "x",
        "workspace_id": "x", "values": {}
    },
    |c| c.environment_variables().update("env_var_1", &b));

case!(flows_image_create: POST "/v1/flows/image",
    body b = {"prompt": "x", "model_id": "bytedance-seedream-5-lite"},
    reply json: {"id": "x", "status": "pending"},
    |c| c.flows().image().create(&b));

case!(flows_text_to_speech_create: POST "/v1/flows/text-to-speech",
    body b = {"text": "x", "voice": "x", "model_id": "eleven_flash_v2_5"},
    reply json: {"id": "x", "status": "pending"},
    |c| c.flows().text_to_speech().create(&b));

case!(flows_video_create: POST "/v1/flows/video",
    body b = {"prompt": "x", "model_id": "bytedance-seedance-v2"},
    reply json: {"id": "x", "status": "pending"},
    |c| c.flows().video().create(&b));

case!(productions_orders_update: PATCH "/v1/productions/orders/order_1",
    body b = {"request": {"name": "x"}},
    reply json: {"name": "x"},
    |c| c.productions().orders().update("order_1", &b));

case!(productions_orders_deliverables_list: GET "/v1/productions/orders/order_1/deliverables",
    reply json: {"deliverables": []},
    |c| c.productions().orders().deliverables().list("order_1"));

case!(productions_orders_items_upsert: POST "/v1/productions/orders/order_1/items",
    body b = {
        "request": {
            "item": {
                "media_id": "x", "source_language": "x", "destination_languages": [], "include_captions": true,
                "include_source_captions": true, "kind": "dub"
            }
        }
    },
    reply json: {"item_id": "x"},
    |c| c.productions().orders().items().upsert("order_1", &b));

case!(productions_orders_languages_list: GET "/v1/productions/orders/languages/subtitles",
    reply json: {"language_pairs": [], "kind": "pair"},
    |c| c.productions().orders().languages().list(&OrderItemKind::Subtitles));

case!(productions_orders_media_get: GET "/v1/productions/orders/order_1/media/media_1",
    reply json: {"media_id": "x", "name": "x", "content_type": "x", "signed_url": "x"},
    |c| c.productions().orders().media().get("order_1", "media_1"));

case!(pronunciation_dictionaries_update: PATCH "/v1/pronunciation-dictionaries/pronunciation_dictionary_1",
    sends {"name": "Renamed"},
    reply json: {
        "id": "x", "latest_version_id": "x", "latest_version_rules_num": 1, "name": "x",
        "permission_on_resource": "admin", "created_by": "x", "creation_time_unix": 1
    },
    |c| c.pronunciation_dictionaries().update("pronunciation_dictionary_1").name("Renamed"));

case!(pronunciation_dictionaries_rules_add: POST "/v1/pronunciation-dictionaries/pronunciation_dictionary_1/add-rules",
    body b = {"rules": []},
    reply json: {"id": "x", "version_id": "x", "version_rules_num": 1},
    |c| c.pronunciation_dictionaries().rules().add("pronunciation_dictionary_1", &b));

case!(service_accounts_create: POST "/v1/service-accounts",
    body b = {"name": "x"},
    reply json: {"service-account-user-id": "x"},
    |c| c.service_accounts().create(&b));

case!(service_accounts_api_keys_update: PATCH "/v1/service-accounts/service_account_user_1/api-keys/api_key_1",
    sends {"name": "ci-key"},
    reply json: {},
    |c| c.service_accounts().api_keys().update("service_account_user_1", "api_key_1").name("ci-key"));

case!(speech_engine_update: PATCH "/v1/speech-engine/speech_engine_1",
    sends {},
    reply json: {
        "speech_engine_id": "x", "name": "x", "speech_engine": {"ws_url": "x"}, "asr": {}, "tts": {}, "turn": {},
        "vad": {}, "conversation": {}, "privacy": {}, "call_limits": {}, "language": "x", "tags": [],
        "overrides": {}, "metadata": {"created_at_unix_secs": 1, "updated_at_unix_secs": 1}
    },
    |c| c.speech_engine().update("speech_engine_1"));

case!(studio_create_podcast: POST "/v1/studio/podcasts",
    body b = {
        "model_id": "x",
        "mode": {"type": "conversation", "conversation": {"host_voice_id": "x", "guest_voice_id": "x"}},
        "source": {"type": "text", "text": "x"}
    },
    reply json: {
        "project": {
            "project_id": "x", "name": "x", "create_date_unix": 1, "created_by_user_id": "x",
            "default_title_voice_ref_id": "x", "default_paragraph_voice_ref_id": "x", "default_model_id": "x",
            "can_be_downloaded": true, "volume_normalization": true, "state": "creating", "access_level": "admin",
            "quality_check_on": true, "quality_check_on_when_bulk_convert": true, "default_title_voice_id": "x",
            "default_paragraph_voice_id": "x"
        }
    },
    |c| c.studio().create_podcast(&b));

case!(studio_projects_update: POST "/v1/studio/projects/project_1",
    body b = {"name": "x", "default_title_voice_id": "x", "default_paragraph_voice_id": "x"},
    reply json: {
        "project": {
            "project_id": "x", "name": "x", "create_date_unix": 1, "created_by_user_id": "x",
            "default_title_voice_ref_id": "x", "default_paragraph_voice_ref_id": "x", "default_model_id": "x",
            "can_be_downloaded": true, "volume_normalization": true, "state": "creating", "access_level": "admin",
            "quality_check_on": true, "quality_check_on_when_bulk_convert": true, "default_title_voice_id": "x",
            "default_paragraph_voice_id": "x"
        }
    },
    |c| c.studio().projects().update("project_1", &b));

case!(studio_projects_chapters_update: POST "/v1/studio/projects/project_1/chapters/chapter_1",
    sends {"name": "Chapter 1"},
    reply json: {
        "chapter": {
            "chapter_id": "x", "name": "x", "can_be_downloaded": true, "state": "default", "content": {"blocks": []}
        }
    },
    |c| c.studio().projects().chapters().update("project_1", "chapter_1").name("Chapter 1"));

case!(studio_projects_chapters_snapshots_stream:
    POST "/v1/studio/projects/project_1/chapters/chapter_1/snapshots/chapter_snapshot_1/stream",
    sends {"convert_to_mpeg": true},
    reply bytes: "audio",
    |c| c
        .studio()
        .projects()
        .chapters()
        .snapshots()
        .stream("project_1", "chapter_1", "chapter_snapshot_1")
        .convert_to_mpeg(true));

case!(studio_projects_content_update: POST "/v1/studio/projects/project_1/content",
parts ["from_document"],
reply json: {
    "project": {
        "project_id": "x", "name": "x", "create_date_unix": 1, "created_by_user_id": "x",
        "default_title_voice_ref_id": "x", "default_paragraph_voice_ref_id": "x", "default_model_id": "x",
        "can_be_downloaded": true, "volume_normalization": true, "state": "creating", "access_level": "admin",
        "quality_check_on": true, "quality_check_on_when_bulk_convert": true, "default_title_voice_id": "x",
        "default_paragraph_voice_id": "x"
    }
},
|c| c.studio().projects().content().update("project_1").from_document(File::from_bytes("<p>Chapter one</p>")));

case!(studio_projects_pronunciation_dictionaries_create:
    POST "/v1/studio/projects/project_1/pronunciation-dictionaries",
    body b = {"pronunciation_dictionary_locators": []},
    reply json: {"status": "x"},
    |c| c.studio().projects().pronunciation_dictionaries().create("project_1", &b));

case!(studio_projects_snapshots_stream: POST "/v1/studio/projects/project_1/snapshots/project_snapshot_1/stream",
    sends {"convert_to_mpeg": false},
    reply bytes: "audio",
    |c| c.studio().projects().snapshots().stream("project_1", "project_snapshot_1").convert_to_mpeg(false));

case!(tokens_single_use_create: POST "/v1/single-use-token/tts_websocket",
    reply json: {"token": "x"},
    |c| c.tokens().single_use().create(&SingleUseTokenType::TtsWebsocket));

case!(usage_get: GET "/v1/usage/character-stats" ? "start_unix=1&end_unix=1",
    reply json: {"time": [], "usage": {}},
    |c| c.usage().get(1, 1));

case!(user_get: GET "/v1/user",
    reply json: {
        "user_id": "x",
        "subscription": {
            "tier": "x", "character_count": 1, "character_limit": 1, "max_character_limit_extension": 1,
            "max_credit_limit_extension": 1, "can_extend_character_limit": true,
            "allowed_to_extend_character_limit": true, "voice_slots_used": 1, "professional_voice_slots_used": 1,
            "professional_voice_slots_used_in_workspace": 1, "voice_limit": 1, "voice_add_edit_counter": 1,
            "professional_voice_limit": 1, "can_extend_voice_limit": true, "can_use_instant_voice_cloning": true,
            "can_use_professional_voice_cloning": true, "current_overage": {"amount": "x", "currency": "usd"},
            "status": "trialing"
        },
        "is_new_user": true, "can_use_delayed_payment_methods": true, "is_onboarding_completed": true,
        "is_onboarding_checklist_completed": true, "created_at": 1, "seat_type": "workspace_admin"
    },
    |c| c.user().get());

case!(user_subscription_get: GET "/v1/user/subscription",
    reply json: {
        "tier": "x", "character_count": 1, "character_limit": 1, "max_character_limit_extension": 1,
        "max_credit_limit_extension": 1, "can_extend_character_limit": true,
        "allowed_to_extend_character_limit": true, "voice_slots_used": 1, "professional_voice_slots_used": 1,
        "professional_voice_slots_used_in_workspace": 1, "voice_limit": 1, "voice_add_edit_counter": 1,
        "professional_voice_limit": 1, "can_extend_voice_limit": true, "can_use_instant_voice_cloning": true,
        "can_use_professional_voice_cloning": true, "current_overage": {"amount": "x", "currency": "usd"},
        "status": "trialing", "open_invoices": [], "has_open_invoices": true
    },
    |c| c.user().subscription().get());

case!(webhooks_update: PATCH "/v1/workspace/webhooks/webhook_1",
    body b = {"is_disabled": true, "name": "x"},
    reply json: {"status": "x"},
    |c| c.webhooks().update("webhook_1", &b));

case!(workspace_set_third_party_disabling_policy: POST "/v1/workspaces/api-keys/third-party-disabling",
    sends {"third_party_disable_allowed": null},
    reply json: {},
    |c| c.workspace().set_third_party_disabling_policy().third_party_disable_allowed(Nullable::Null));

case!(workspace_analytics_requests_get: POST "/v1/workspace/analytics/requests",
    sends {"limit": 10},
    reply json: {"columns": [], "column_types": [], "rows": [], "column_units": []},
    |c| c.workspace().analytics().requests().get().limit(10));

case!(workspace_audit_logs_list: GET "/v1/workspace/audit-logs",
    reply json: {"entries": [], "has_more": true, "next_cursor": "x"},
    |c| c.workspace().audit_logs().list());

// A request union: the tag picks the arm, and the arm sends its tag.
case!(workspace_auth_connections_update: PATCH "/v1/workspace/auth-connections/auth_connection_1",
    body b = {"auth_type": "bearer_auth", "token": "t"},
    reply json: {
        "name": "x", "provider": "x", "client_id": "x", "token_url": "x", "id": "x",
        "auth_type": "oauth2_client_credentials"
    },
    |c| c.workspace().auth_connections().update("auth_connection_1", &b));

case!(workspace_groups_list: GET "/v1/workspace/groups",
    reply json: {"group_1": {"name": "Editors", "id": "group_1", "members": [], "permissions": []}},
    |c| c.workspace().groups().list());

case!(workspace_groups_members_add: POST "/v1/workspace/groups/group_1/members",
    body b = {"email": "x"},
    reply json: {"status": "x"},
    |c| c.workspace().groups().members().add("group_1", &b));

case!(workspace_invites_create: POST "/v1/workspace/invites/add",
    body b = {"email": "x"},
    reply json: {"status": "x"},
    |c| c.workspace().invites().create(&b));

case!(workspace_members_update: POST "/v1/workspace/members",
    body b = {"email": "x"},
    reply json: {"status": "x"},
    |c| c.workspace().members().update(&b));

case!(workspace_resources_share: POST "/v1/workspace/resources/resource_1/share",
    body b = {"role": "admin", "resource_type": "voice"},
    reply json: {},
    |c| c.workspace().resources().share("resource_1", &b));

case!(workspace_usage_get_usage_by_product_over_time: POST "/v1/workspace/analytics/query/usage-by-product-over-time",
    body b = {"start_time": 1577836800000_i64, "end_time": 1577836800000_i64},
    reply json: {"columns": [], "column_types": [], "rows": [], "column_units": []},
    |c| c.workspace().usage().get_usage_by_product_over_time(&b));

case!(workspaces_api_keys_disable: POST "/v1/workspaces/api-keys/disable" ? "api_key_name=x",
    reply json: {},
    |c| c.workspaces().api_keys().disable("x"));
