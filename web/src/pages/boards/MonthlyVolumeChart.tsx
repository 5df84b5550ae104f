/**
 * The monthly sheet's chart (recharts; its own chunk, loaded lazily by MonthlyVolumePage.tsx): containers
 * delivered each day (bars), delivered so far (line), and the month's budget (dashed line) when set.
 */
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** `data`: one entry per day (`day` = day of month); `budget` in containers or null. */
export default function MonthlyVolumeChart({
  data,
  budget,
  labels,
}: {
  data: { day: string; delivered: number; running: number | null }[];
  budget: number | null;
  labels: { delivered: string; running: string; budget: string };
}) {
  return (
    <ResponsiveContainer>
      <ComposedChart data={data} margin={{ top: 16, right: 24, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar dataKey="delivered" name={labels.delivered} fill="#7aa6d6" />
        <Line dataKey="running" name={labels.running} stroke="#1f5fa8" strokeWidth={2} dot={false} />
        {budget !== null && (
          <ReferenceLine
            y={budget}
            ifOverflow="extendDomain"
            stroke="#b0175f"
            strokeDasharray="6 3"
            label={labels.budget}
          />
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
