/** The step-durations bar chart (recharts; its own chunk, loaded lazily by StepDurations.tsx): hours per step. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** `data`: one entry per step with its average and P95 in hours; the labels name the two bars. */
export default function StepDurationsChart({
  data,
  avgLabel,
  p95Label,
}: {
  data: { step: string; avg: number; p95: number }[];
  avgLabel: string;
  p95Label: string;
}) {
  return (
    <ResponsiveContainer>
      <BarChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 40 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="step" angle={-20} textAnchor="end" interval={0} height={60} />
        <YAxis unit=" h" />
        <Tooltip />
        <Legend verticalAlign="top" />
        <Bar dataKey="avg" name={avgLabel} fill="#7aa6d6" />
        <Bar dataKey="p95" name={p95Label} fill="#1f5fa8" />
      </BarChart>
    </ResponsiveContainer>
  );
}
