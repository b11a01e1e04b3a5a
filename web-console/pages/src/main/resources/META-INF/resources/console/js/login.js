// The sign-in page: a plain HTML form posted to /j_security_check (Quarkus form login).
// This script only shows why the user is here (a failed attempt, or just signed out).
const params = new URLSearchParams(location.search);
if (params.has('error')) {
  document.getElementById('login-error').hidden = false;
}
if (params.has('signed-out')) {
  document.getElementById('login-out').hidden = false;
}
