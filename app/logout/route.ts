import { signOut } from "@/lib/auth/auth";

export async function GET() {
  await signOut({ redirect: false });
  // Relative, so the browser stays on whatever host it used (Next sees localhost behind 127.0.0.1).
  return new Response(null, { status: 303, headers: { Location: "/login" } });
}
