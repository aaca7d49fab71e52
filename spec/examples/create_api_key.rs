//! Creates an API key for a service account.
//!
//! ```sh
//! ELEVENLABS_API_KEY=sk_… cargo run -p elevenlabs --example create_api_key -- SERVICE_ACCOUNT_ID KEY_NAME [BASE_URL]
//! ```
//!
//! The key gets the text-to-speech and voice-reading permissions and a monthly limit of
//! 10,000 characters. `BASE_URL` (or `ELEVENLABS_BASE_URL`) points the client elsewhere,
//! for example at a mock server.

use elevenlabs::Client;
use elevenlabs::types::{
    CreateServiceAccountApiKeyRequest, CreateServiceAccountApiKeyRequestPermissions as Permissions,
    PermissionType as Permission,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: create_api_key SERVICE_ACCOUNT_ID KEY_NAME [BASE_URL]";
    let service_account = args.next().ok_or(usage)?;
    let name = args.next().ok_or(usage)?;
    let base_url = args.next().or_else(|| std::env::var("ELEVENLABS_BASE_URL").ok());

    let mut builder = Client::builder().api_key_from_env()?;
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let body = CreateServiceAccountApiKeyRequest::new(
        &name,
        Permissions::List(vec![Permission::TextToSpeech, Permission::VoicesRead]),
    )
    .with_character_limit(10_000);
    let created = client.service_accounts().api_keys().create(&service_account, &body).with_response().await?;
    let request_id = created.headers.get("request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    println!("created key {} (request {request_id})", created.data.key_id);
    Ok(())
}
