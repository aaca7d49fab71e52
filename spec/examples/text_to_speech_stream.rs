//! Turns text into speech and writes the audio to a file as it streams in.
//!
//! ```sh
//! ELEVENLABS_API_KEY=sk_… cargo run -p elevenlabs --example text_to_speech_stream -- VOICE_ID "Hello there" hello.mp3 [BASE_URL]
//! ```
//!
//! The audio is MP3 at 44.1 kHz and 128 kbit/s, written chunk by chunk as the server sends
//! it, so playback tools can start on the file before the whole text is spoken.
//! `BASE_URL` (or `ELEVENLABS_BASE_URL`) points the client elsewhere, for example at a mock
//! server. Errors are printed as sentences and the program exits with status 1.

use std::io::Write;
use std::process::ExitCode;

use elevenlabs::Client;
use elevenlabs::types::{AllowedOutputFormats, BodyTextToSpeechStream};

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
    let usage = "usage: text_to_speech_stream VOICE_ID TEXT OUT_FILE [BASE_URL]";
    let voice_id = args.next().ok_or(usage)?;
    let text = args.next().ok_or(usage)?;
    let out_path = args.next().ok_or(usage)?;
    let base_url = args.next().or_else(|| std::env::var("ELEVENLABS_BASE_URL").ok());

    let mut builder = Client::builder().api_key_from_env()?;
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // Only `text` is required; the model and voice settings default to the voice's own.
    let body = BodyTextToSpeechStream::new(&text).with_model_id("eleven_multilingual_v2");

    // The call returns once the response head is in; the body is read chunk by chunk.
    let mut audio =
        client.text_to_speech().stream(&voice_id, &body).output_format(AllowedOutputFormats::Mp344100128).await?;
    // Create the file only once the server has accepted the request.
    let mut file = std::fs::File::create(&out_path)?;
    let mut written = 0;
    while let Some(chunk) = audio.next().await {
        let chunk = chunk?;
        file.write_all(&chunk)?;
        written += chunk.len();
    }
    file.flush()?;
    println!("wrote {written} bytes to {out_path}");
    Ok(())
}
