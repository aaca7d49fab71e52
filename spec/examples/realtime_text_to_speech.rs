//! Streams text into the realtime text-to-speech WebSocket, chunk by chunk, and writes the
//! audio it sends back to a file.
//!
//! ```sh
//! printf 'Hello there.\nHow are you today?\n' |
//!     ELEVENLABS_API_KEY=sk_… cargo run -p elevenlabs --example realtime_text_to_speech -- VOICE_ID out.mp3 [BASE_URL]
//! ```
//!
//! Each line of standard input is one text chunk, sent as it is read (an LLM's output, say).
//! Sending and receiving run at once: audio is written as it arrives, while text still goes
//! out. The audio is MP3 at 44.1 kHz and 128 kbit/s. `BASE_URL` (or `ELEVENLABS_BASE_URL`)
//! points the client elsewhere, for example at a local server. Errors are printed as
//! sentences and the program exits with status 1.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use elevenlabs::Client;
use elevenlabs::types::{
    CloseConnection, InitializeConnection, OutputFormat2 as OutputFormat, SendText,
    TextToSpeechStreamInputServerMessage as ServerMessage,
};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: realtime_text_to_speech VOICE_ID OUT_FILE [BASE_URL] < text";
    let voice_id = args.next().ok_or(usage)?;
    let out_path = args.next().ok_or(usage)?;
    let base_url = args.next().or_else(|| std::env::var("ELEVENLABS_BASE_URL").ok());

    let mut builder = Client::builder().api_key_from_env()?.connect_timeout(std::time::Duration::from_secs(10));
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let session = client
        .text_to_speech()
        .stream_input(&voice_id)
        .model_id("eleven_flash_v2_5")
        .output_format(OutputFormat::Mp344100128)
        .connect()
        .await?;
    let (mut sender, mut receiver) = session.split();

    // The text side: a space opens the stream, each line follows, an empty text ends it.
    let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    let sending = tokio::spawn(async move {
        sender.send(InitializeConnection::default()).await?;
        for line in lines.iter().filter(|line| !line.trim().is_empty()) {
            // Each chunk ends with a space, as the API asks.
            sender.send(SendText::new(&format!("{} ", line.trim()))).await?;
        }
        sender.send(CloseConnection::default()).await
    });

    // The audio side: base64 chunks until the final message or the server's normal close.
    let mut file = std::fs::File::create(&out_path)?;
    let mut written = 0;
    while let Some(message) = receiver.recv().await? {
        match message {
            ServerMessage::AudioOutput(chunk) => {
                let audio = chunk.audio_bytes()?;
                file.write_all(&audio)?;
                written += audio.len();
            }
            ServerMessage::FinalOutput(_) => break,
            ServerMessage::Unknown(other) => eprintln!("skipped a message this version does not know: {other}"),
            // Messages a later version of the crate knows (the enum is `#[non_exhaustive]`).
            other => eprintln!("skipped a message: {other:?}"),
        }
    }
    file.flush()?;
    sending.await??;
    println!("wrote {written} bytes to {out_path}");
    Ok(())
}
