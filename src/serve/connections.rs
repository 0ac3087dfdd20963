//! Accepting the preview's connections, with the limits a server on a
//! network needs: a request's headers must arrive within a few seconds (so
//! half-open connections do not pile up), and at most `MAX_CONNECTIONS` are
//! served at once (each open tab keeps one for its event stream). Past that
//! a new connection waits for a place as long as a request head may take,
//! so stalled clients delay a page by seconds at most and never exhaust the
//! process's file handles.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};

/// How long a client may take to send a request's headers.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once.
pub(crate) const MAX_CONNECTIONS: usize = 512;
/// How long stopping waits for open connections to finish.
const DRAIN: Duration = Duration::from_secs(2);

/// Serves `app` on `listener` until `stopped` fires.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    mut stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                // A failed accept (a client gone already, no file handles
                // left for a moment) ends nothing but that connection.
                let Ok((stream, _)) = accepted else { continue };
                let open = open.clone();
                let service = TowerToHyperService::new(app.clone());
                let connection = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    // Not served (and closed) if no place frees up in time.
                    let Ok(Ok(permit)) = tokio::time::timeout(HEADER_TIMEOUT, open.acquire_owned()).await else {
                        return;
                    };
                    let _ = connection.await;
                    drop(permit);
                });
            }
        }
    }
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
    Ok(())
}
