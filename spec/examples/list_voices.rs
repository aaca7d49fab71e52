//! Lists every voice of the account and prints their names.
//!
//! ```sh
//! ELEVENLABS_API_KEY=sk_… cargo run -p elevenlabs --example list_voices -- [SEARCH] [BASE_URL]
//! ```
//!
//! `GET /v2/voices` returns one page at a time; `.items()` asks for each page in turn (with the
//! `next_page_token` of the page before, until `has_more` is false) and hands over the voices
//! one by one. Each line is `voice_id<TAB>name (category)`, and the last line the number of
//! voices. `SEARCH` (may be empty) filters by name, description, labels or category.
//! `BASE_URL` (or `ELEVENLABS_BASE_URL`) points the client elsewhere, for example at a mock
//! server. Errors are printed as sentences and the program exits with status 1.

use std::process::ExitCode;

use elevenlabs::Client;

/// How many voices to ask for per request (the API allows up to 100).
const PAGE_SIZE: i64 = 50;

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
    let search = args.next().filter(|search| !search.is_empty());
    let base_url = args.next().or_else(|| std::env::var("ELEVENLABS_BASE_URL").ok());

    let mut builder = Client::builder().api_key_from_env()?;
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // Optional inputs are set by name on the call; every page is asked for with them.
    let mut call = client.voices().search().page_size(PAGE_SIZE);
    if let Some(search) = &search {
        call = call.search(search);
    }
    let mut voices = call.items();
    let mut count = 0;
    while let Some(voice) = voices.next().await {
        let voice = voice?;
        println!("{}\t{} ({})", voice.voice_id, voice.name, voice.category);
        count += 1;
    }
    println!("{count} voices");
    Ok(())
}
