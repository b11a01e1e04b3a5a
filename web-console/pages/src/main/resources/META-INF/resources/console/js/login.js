// The sign-in page: a plain HTML form posted to /j_security_check, which opens a session on the
// node. This script only shows why the user is here (a failed attempt, too many failed attempts,
// or just signed out).
const params = new URLSearchParams(location.search);
if (params.has('error')) {
  document.getElementById('login-error').hidden = false;
}
if (params.has('signed-out')) {
  document.getElementById('login-out').hidden = false;
}
if (params.has('throttled')) {
  const seconds = Number.parseInt(params.get('throttled'), 10);
  if (Number.isFinite(seconds) && seconds > 0) {
    document.getElementById('login-wait').textContent = `${seconds} s`;
  }
  document.getElementById('login-throttled').hidden = false;
}
