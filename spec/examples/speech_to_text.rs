//! Transcribes an audio or video file and prints the text.
//!
//! ```sh
//! ELEVENLABS_API_KEY=sk_… cargo run -p elevenlabs --example speech_to_text -- recording.mp3 [BASE_URL]
//! ```
//!
//! The file is uploaded as a `multipart/form-data` part named `file`, beside the model to
//! use (`scribe_v2`). A file recorded with one speaker per channel comes back as one
//! transcript per channel; each is printed on its own line, prefixed by its channel.
//! `BASE_URL` (or `ELEVENLABS_BASE_URL`) points the client elsewhere, for example at a mock
//! server. Errors are printed as sentences and the program exits with status 1.

use std::path::Path;
use std::process::ExitCode;

use elevenlabs::types::SpeechToTextRequestModelId as Model;
use elevenlabs::types::{SpeechToTextConvertResponse, SpeechToTextRequest};
use elevenlabs::{Client, File};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `Display`, not `Debug`: the client's errors read as sentences.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: speech_to_text AUDIO_FILE [BASE_URL]";
    let audio_path = args.next().ok_or(usage)?;
    let base_url = args.next().or_else(|| std::env::var("ELEVENLABS_BASE_URL").ok());

    let mut builder = Client::builder().api_key_from_env()?;
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // The whole file in memory, so a retried request sends the same bytes again
    // (`File::from_stream` sends a large file as it is read, but only once).
    let audio = std::fs::read(&audio_path).map_err(|e| format!("cannot read {audio_path}: {e}"))?;
    let file_name =
        Path::new(&audio_path).file_name().map_or("audio".into(), |name| name.to_string_lossy().into_owned());
    let body = SpeechToTextRequest::new(Model::ScribeV2)
        .with_file(File::from_bytes(audio).with_name(file_name))
        .with_tag_audio_events(true);

    let transcript = client.speech_to_text().convert(&body).await?;
    match transcript {
        SpeechToTextConvertResponse::SpeechToTextChunkResponseModel(chunk) => println!("{}", chunk.text),
        SpeechToTextConvertResponse::MultichannelSpeechToTextResponseModel(channels) => {
            for (i, chunk) in channels.transcripts.iter().enumerate() {
                let channel = chunk.channel_index.as_ref().copied().unwrap_or(i as i64);
                println!("[channel {channel}] {}", chunk.text);
            }
        }
        other => println!("{other:?}"),
    }
    Ok(())
}
