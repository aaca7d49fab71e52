//! One operation of each group of the audio groups: text to speech, dialogue and sound effects,
//! speech to text and to speech, audio isolation, forced alignment, music, voices, samples,
//! history, models and dubbing, on the wire against a mock server: method, path with its
//! parameters, required query parameters, the JSON body or multipart parts, and a reply with the
//! fields its response schema requires, which must decode. Bodies and replies are the smallest the
//! OpenAPI document allows (see `wire::case!`).

#![allow(deprecated)] // deprecated operations are on the wire too

#[macro_use]
mod wire;

use elevenlabs::File;
use elevenlabs::types::{
    AddVoiceRequest, CreateForcedAlignmentRequest, RequestManualVerificationRequest, SpeechToSpeechRequest,
    SpeechToTextRequest,
};

case!(audio_isolation_delete: DELETE "/v1/audio-isolation/history/history_item_1",
    reply empty,
    |c| c.audio_isolation().delete("history_item_1"));

case!(dubbing_delete: DELETE "/v1/dubbing/dubbing_1",
    reply json: {"status": "x"},
    |c| c.dubbing().delete("dubbing_1"));

case!(dubbing_audio_get: GET "/v1/dubbing/dubbing_1/audio/language_code_1",
    reply bytes: "audio",
    |c| c.dubbing().audio().get("dubbing_1", "language_code_1"));

case!(dubbing_project_get: GET "/v1/dubbing/project/project_1",
    reply json: {
        "project_id": "x", "status": "queued", "revision": 1, "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-01-02T03:04:05Z"
    },
    |c| c.dubbing().project().get("project_1"));

case!(dubbing_project_language_create: POST "/v1/dubbing/project/project_1/language",
    body b = {"target_language": "x"},
    reply json: {
        "language_id": "x", "project_id": "x", "target_language": "x", "status": "queued", "revision": 1,
        "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z"
    },
    |c| c.dubbing().project().language().create("project_1", &b));

case!(dubbing_project_language_transcript_update_segment:
    PATCH "/v1/dubbing/project/project_1/language/language_1/transcript/segment/segment_1",
    sends {},
    reply json: {
        "segment": {"id": "x", "speaker_id": "x", "start_s": 0.5, "end_s": 0.5, "source_text": "x"},
        "revision": 1
    },
    |c| c.dubbing().project().language().transcript().update_segment("project_1", "language_1", "segment_1"));

case!(dubbing_project_transcript_update_segment: PATCH "/v1/dubbing/project/project_1/transcript/segment/segment_1",
    sends {},
    reply json: {"segment": {"id": "x", "text": "x", "speaker_id": "x", "start_s": 0.5, "end_s": 0.5}, "revision": 1},
    |c| c.dubbing().project().transcript().update_segment("project_1", "segment_1"));

case!(dubbing_resource_render: POST "/v1/dubbing/resource/dubbing_1/render/language_1",
    body b = {"render_type": "mp4"},
    reply json: {"version": 1, "render_id": "x"},
    |c| c.dubbing().resource().render("dubbing_1", "language_1", &b));

case!(dubbing_resource_language_add: POST "/v1/dubbing/resource/dubbing_1/language",
    body b = {"language": "x"},
    reply json: {"version": 1},
    |c| c.dubbing().resource().language().add("dubbing_1", &b));

case!(dubbing_resource_segment_update: PATCH "/v1/dubbing/resource/dubbing_1/segment/segment_1/language_1",
    sends {},
    reply json: {"version": 1},
    |c| c.dubbing().resource().segment().update("dubbing_1", "segment_1", "language_1"));

case!(dubbing_resource_speaker_update: PATCH "/v1/dubbing/resource/dubbing_1/speaker/speaker_1",
    sends {"speaker_name": "Ann"},
    reply json: {"version": 1},
    |c| c.dubbing().resource().speaker().update("dubbing_1", "speaker_1").speaker_name("Ann"));

case!(dubbing_resource_speaker_segment_create: POST "/v1/dubbing/resource/dubbing_1/speaker/speaker_1/segment",
    body b = {"start_time": 0.5, "end_time": 0.5},
    reply json: {"version": 1, "new_segment": "x"},
    |c| c.dubbing().resource().speaker().segment().create("dubbing_1", "speaker_1", &b));

case!(dubbing_transcript_get: GET "/v1/dubbing/dubbing_1/transcript/language_code_1",
    reply json: {"language": "x", "utterances": []},
    |c| c.dubbing().transcript().get("dubbing_1", "language_code_1"));

case!(dubbing_transcripts_get: GET "/v1/dubbing/dubbing_1/transcripts/language_code_1/format/webvtt",
    reply json: {"transcript_format": "srt"},
    |c| c.dubbing().transcripts().get("dubbing_1", "language_code_1", &"webvtt".into()));

case!(forced_alignment_create: POST "/v1/forced-alignment",
    parts ["file", "text"],
    reply json: {"characters": [], "words": [], "loss": 0.5},
    |c| c.forced_alignment().create(&CreateForcedAlignmentRequest::new(File::from_bytes("audio"), "x")));

case!(history_delete: DELETE "/v1/history/history_item_1",
    reply json: {"status": "x"},
    |c| c.history().delete("history_item_1"));

case!(models_list: GET "/v1/models",
    reply json: [],
    |c| c.models().list());

case!(music_compose: POST "/v1/music",
    sends {"prompt": "lo-fi piano"},
    reply bytes: "audio",
    |c| c.music().compose().prompt("lo-fi piano"));

case!(music_composition_plan_create: POST "/v1/music/plan",
    body b = {"prompt": "x"},
    reply json: {"positive_global_styles": [], "negative_global_styles": [], "sections": []},
    |c| c.music().composition_plan().create(&b));

case!(music_finetunes_update: PATCH "/v1/music/finetunes/finetune_1",
    sends {},
    reply json: {
        "id": "x", "name": "x", "tags": [], "model_id": "x", "created_at": "2026-01-02T03:04:05Z",
        "visibility": "private", "created_by": "self", "status": "pending", "training_progress": 0.5
    },
    |c| c.music().finetunes().update("finetune_1"));

case!(samples_delete: DELETE "/v1/voices/voice_1/samples/sample_1",
    reply json: {"status": "x"},
    |c| c.samples().delete("voice_1", "sample_1"));

case!(speech_to_speech_convert: POST "/v1/speech-to-speech/voice_1",
    parts ["audio"],
    reply bytes: "audio",
    |c| c.speech_to_speech()
        .convert("voice_1", &SpeechToSpeechRequest::new(File::from_bytes("audio"))));

case!(speech_to_text_convert: POST "/v1/speech-to-text",
    parts ["model_id"],
    reply json: {"language_code": "x", "language_probability": 0.5, "text": "x", "words": []},
    |c| c.speech_to_text().convert(&SpeechToTextRequest::new("scribe_v2".into())));

case!(speech_to_text_transcripts_get: GET "/v1/speech-to-text/transcripts/transcription_1",
    reply json: {"language_code": "x", "language_probability": 0.5, "text": "x", "words": []},
    |c| c.speech_to_text().transcripts().get("transcription_1"));

case!(text_to_dialogue_convert_with_timestamps: POST "/v1/text-to-dialogue/with-timestamps",
    body b = {"inputs": []},
    reply json: {"audio_base64": "x", "voice_segments": []},
    |c| c.text_to_dialogue().convert_with_timestamps(&b));

case!(text_to_sound_effects_convert: POST "/v1/sound-generation",
    body b = {"text": "x"},
    reply bytes: "audio",
    |c| c.text_to_sound_effects().convert(&b));

case!(text_to_speech_convert_with_timestamps: POST "/v1/text-to-speech/voice_1/with-timestamps",
    body b = {"text": "x"},
    reply json: {"audio_base64": "x"},
    |c| c.text_to_speech().convert_with_timestamps("voice_1", &b));

case!(text_to_voice_remix: POST "/v1/text-to-voice/voice_1/remix",
    body b = {"voice_description": "xxxxx"},
    reply json: {"previews": [], "text": "x"},
    |c| c.text_to_voice().remix("voice_1", &b));

case!(text_to_voice_preview_stream: GET "/v1/text-to-voice/generated_voice_1/stream",
    reply bytes: "audio",
    |c| c.text_to_voice().preview().stream("generated_voice_1"));

case!(voices_share: POST "/v1/voices/add/public_user_1/voice_1",
    body b = {"new_name": "x"},
    reply json: {"voice_id": "x"},
    |c| c.voices().share("public_user_1", "voice_1", &b));

case!(voices_accents_get: GET "/v1/voices/accents",
    reply json: {"accents": []},
    |c| c.voices().accents().get());

case!(voices_ivc_create: POST "/v1/voices/add",
    parts ["name", "files"],
    reply json: {"voice_id": "x", "requires_verification": true},
    |c| c.voices().ivc().create(&AddVoiceRequest::new("x", vec![File::from_bytes("audio")])));

case!(voices_pvc_train: POST "/v1/voices/pvc/voice_1/train",
    sends {"model_id": "eleven_multilingual_v2"},
    reply json: {"status": "x"},
    |c| c.voices().pvc().train("voice_1").model_id("eleven_multilingual_v2"));

case!(voices_pvc_samples_update: POST "/v1/voices/pvc/voice_1/samples/sample_1",
    sends {"remove_background_noise": true},
    reply json: {"voice_id": "x"},
    |c| c.voices().pvc().samples().update("voice_1", "sample_1").remove_background_noise(true));

case!(voices_pvc_samples_audio_get: GET "/v1/voices/pvc/voice_1/samples/sample_1/audio",
    reply json: {"audio_base_64": "x", "voice_id": "x", "sample_id": "x", "media_type": "x"},
    |c| c.voices().pvc().samples().audio().get("voice_1", "sample_1"));

case!(voices_pvc_samples_speakers_get: GET "/v1/voices/pvc/voice_1/samples/sample_1/speakers",
    reply json: {"voice_id": "x", "sample_id": "x", "status": "not_started"},
    |c| c.voices().pvc().samples().speakers().get("voice_1", "sample_1"));

case!(voices_pvc_samples_speakers_audio_get: GET "/v1/voices/pvc/voice_1/samples/sample_1/speakers/speaker_1/audio",
    reply json: {"audio_base_64": "x", "media_type": "x", "duration_secs": 0.5},
    |c| c.voices().pvc().samples().speakers().audio().get("voice_1", "sample_1", "speaker_1"));

case!(voices_pvc_samples_waveform_get: GET "/v1/voices/pvc/voice_1/samples/sample_1/waveform",
    reply json: {"sample_id": "x", "visual_waveform": []},
    |c| c.voices().pvc().samples().waveform().get("voice_1", "sample_1"));

case!(voices_pvc_verification_request: POST "/v1/voices/pvc/voice_1/verification",
    parts ["files"],
    reply json: {"status": "x"},
    |c| c.voices().pvc().verification()
        .request("voice_1", &RequestManualVerificationRequest::new(vec![File::from_bytes("audio")])));

case!(voices_pvc_verification_captcha_get: GET "/v1/voices/pvc/voice_1/captcha",
    reply empty,
    |c| c.voices().pvc().verification().captcha().get("voice_1"));

case!(voices_samples_audio_get: GET "/v1/voices/voice_1/samples/sample_1/audio",
    reply bytes: "audio",
    |c| c.voices().samples().audio().get("voice_1", "sample_1"));

case!(voices_settings_update: POST "/v1/voices/voice_1/settings/edit",
    sends {},
    reply json: {"status": "x"},
    |c| c.voices().settings().update("voice_1"));
